// The api container app: the acceptor role of the native image (JOBS_PROCESSOR_ENABLED=false), external HTTPS-only
// ingress to port 8080, scaled on concurrent HTTP requests, probed on the management port 9000 (not exposed).
//
// Deployed two ways, from this one definition:
//   - by `azd deploy api` (and `azd up`): azd finds infra/api.bicepparam and deploys this file to the resource group
//     with the image it has just pushed (azd "Bicep Container App revisions", azd 1.20 or later);
//   - by infra/main.bicep as a module, when its containerImage parameter is set (the manual path, no azd).
// AzureProductionPathIT runs the packaged api with exactly the env list below, read from this file, and with the roles
// of modules/role-assignments.bicep, against stand-ins that enforce them (docs/deployment.md, "What the apps are told").

@description('Name of the azd environment; tags the app with azd-env-name.')
param environmentName string

@description('Azure region of the app (the region of its Container Apps environment).')
param location string = resourceGroup().location

@description('Name of the container app.')
@minLength(2)
@maxLength(32)
param name string

@description('Resource id of the Container Apps environment.')
param containerAppsEnvironmentId string

@description('Default domain of the Container Apps environment; the public URL of the app is https://<name>.<domain>.')
param containerAppsEnvironmentDefaultDomain string

@description('Container image to run: the native image of async-jobs.')
param image string

@description('Login server of the Azure Container Registry holding the image, pulled with the app identity; empty for an image that needs no credentials.')
param registryServer string = ''

@description('Resource id of the user-assigned identity of the api.')
param identityId string

@description('Client id of that identity, given to the app as AZURE_CLIENT_ID so that DefaultAzureCredential uses it.')
param identityClientId string

@description('Blob service endpoint, https://<account>.blob.core.windows.net (JOBS_STORAGE_BLOB_ENDPOINT).')
param storageBlobEndpoint string

@description('Fully qualified Service Bus namespace, <namespace>.servicebus.windows.net (JOBS_QUEUE_SERVICEBUS_NAMESPACE).')
param serviceBusNamespace string

@description('Name of the jobs queue (JOBS_QUEUE_SERVICEBUS_QUEUE_NAME).')
param queueName string

@description('Largest message the queue takes, in bytes (JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE): larger jobs are refused with 413.')
@minValue(4096)
param maxMessageSize int

@description('Name of the jobs blob container (JOBS_STORAGE_BLOB_CONTAINER).')
param containerName string

@description('Issuer of the access tokens the API accepts (JOBS_AUTH_ISSUER), e.g. https://login.microsoftonline.com/<tenant id>/v2.0.')
param authIssuer string

@description('Audience the access tokens must be for (JOBS_AUTH_AUDIENCE): application id URI or client id of the API app registration.')
param authAudience string

@description('Client id of the console\'s app registration (JOBS_CONSOLE_CLIENT_ID), a single-page application; empty: no console sign-in.')
param consoleClientId string = ''

@description('Fewest replicas; 1 keeps the API warm and its recovery of unqueued jobs running, 0 lets it scale to zero.')
@minValue(0)
@maxValue(1000)
param minReplicas int = 1

@description('Most replicas.')
@minValue(1)
@maxValue(1000)
param maxReplicas int = 10

@description('Concurrent HTTP requests per replica above which another replica is added.')
@minValue(1)
param concurrentRequests int = 50

@description('vCPU per replica, one of 0.25, 0.5, 0.75, 1, 1.5, 2; memory is twice as many GiB.')
param cpu string = '0.5'

var httpPort = 8080
var managementPort = 9000
var memory = {
  '0.25': '0.5Gi'
  '0.5': '1Gi'
  '0.75': '1.5Gi'
  '1': '2Gi'
  '1.5': '3Gi'
  '2': '4Gi'
}
var checkedAudience = empty(authAudience) ? fail('The API needs the audience of its access tokens: set JOBS_AUTH_AUDIENCE (azd env set JOBS_AUTH_AUDIENCE api://<client id>) or the authAudience parameter; see "Authentication" in docs/deployment.md.') : authAudience

resource api 'Microsoft.App/containerApps@2026-01-01' = {
  name: name
  location: location
  tags: {
    'azd-env-name': environmentName
    'azd-service-name': 'api'
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: httpPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: empty(registryServer) ? [] : [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      // Above the app's quarkus.shutdown.timeout (25s): requests and job sends under way finish on SIGTERM.
      terminationGracePeriodSeconds: 30
      containers: [
        {
          name: 'api'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory[cpu]
          }
          env: [
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'JOBS_STORAGE_BLOB_ENDPOINT'
              value: storageBlobEndpoint
            }
            {
              name: 'JOBS_QUEUE_CONNECTOR'
              value: 'azure-servicebus'
            }
            {
              name: 'JOBS_QUEUE_SERVICEBUS_NAMESPACE'
              value: serviceBusNamespace
            }
            {
              name: 'JOBS_QUEUE_SERVICEBUS_QUEUE_NAME'
              value: queueName
            }
            {
              name: 'JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE'
              value: string(maxMessageSize)
            }
            {
              name: 'JOBS_STORAGE_BLOB_CONTAINER'
              value: containerName
            }
            {
              // Each replica holds its share of every caller's rate: together they hold it at any scale.
              name: 'JOBS_LIMITS_INSTANCES'
              value: string(maxReplicas)
            }
            {
              name: 'JOBS_AUTH_ENABLED'
              value: 'true'
            }
            {
              name: 'JOBS_AUTH_ISSUER'
              value: authIssuer
            }
            {
              name: 'JOBS_AUTH_AUDIENCE'
              value: checkedAudience
            }
            {
              name: 'JOBS_CONSOLE_CLIENT_ID'
              value: consoleClientId
            }
            {
              name: 'JOBS_PROCESSOR_ENABLED'
              value: 'false'
            }
            {
              name: 'JOBS_API_PUBLIC_BASE_URL'
              value: 'https://${name}.${containerAppsEnvironmentDefaultDomain}'
            }
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/q/health/live'
                port: managementPort
                scheme: 'HTTP'
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/q/health/ready'
                port: managementPort
                scheme: 'HTTP'
              }
              initialDelaySeconds: 2
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-requests'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

// Named as main.bicep names them: azd keeps the outputs of every deployment in one environment, where outputs named
// alike (name, url) of the api and the worker would overwrite each other.

@description('Name of the api container app.')
output API_APP_NAME string = api.name

@description('Public HTTPS URL of the API (also its JOBS_API_PUBLIC_BASE_URL).')
output API_URL string = 'https://${api.properties.configuration.ingress.fqdn}'
