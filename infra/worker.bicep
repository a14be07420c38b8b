// The worker container app: the processor role of the same native image (JOBS_ACCEPTOR_ENABLED=false), no ingress,
// scaled by KEDA's azure-servicebus scaler on the length of the jobs queue, from zero by default.
//
// Deployed like the api (see api.bicep): by `azd deploy worker` through infra/worker.bicepparam, or by main.bicep as a
// module when its containerImage parameter is set. AzureProductionPathIT runs the packaged worker with exactly the env list
// below, read from this file, and with the roles of modules/role-assignments.bicep, against stand-ins that enforce them.
//
// The scale rule authenticates with a managed identity (the scale rule's identity property) and no secret. That
// identity is the scaler identity, not the worker's: KEDA reads the message count through the Service Bus
// administration API, which needs Azure Service Bus Data Owner (role-assignments.bicep explains). The app holds it
// with lifecycle 'None', so only the platform can use it; the worker's code runs as the worker identity.

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

@description('Container image to run: the native image of async-jobs.')
param image string

@description('Login server of the Azure Container Registry holding the image, pulled with the app identity; empty for an image that needs no credentials.')
param registryServer string = ''

@description('Resource id of the user-assigned identity of the worker.')
param identityId string

@description('Client id of that identity, given to the app as AZURE_CLIENT_ID so that DefaultAzureCredential uses it.')
param identityClientId string

@description('Resource id of the scaler identity the KEDA scale rule authenticates with.')
param scalerIdentityId string

@description('Blob service endpoint, https://<account>.blob.core.windows.net (JOBS_STORAGE_BLOB_ENDPOINT).')
param storageBlobEndpoint string

@description('Fully qualified Service Bus namespace, <namespace>.servicebus.windows.net (JOBS_QUEUE_SERVICEBUS_NAMESPACE).')
param serviceBusNamespace string

@description('Short name of the Service Bus namespace, for the KEDA scaler.')
param serviceBusNamespaceName string

@description('Name of the jobs queue (JOBS_QUEUE_SERVICEBUS_QUEUE_NAME), also for the KEDA scaler.')
param queueName string

@description('Name of the jobs blob container (JOBS_STORAGE_BLOB_CONTAINER).')
param containerName string

@description('Issuer of access tokens (JOBS_AUTH_ISSUER); the worker serves no API but takes the same settings.')
param authIssuer string

@description('Audience of access tokens (JOBS_AUTH_AUDIENCE); the worker serves no API but takes the same settings.')
param authAudience string

@description('Fewest replicas; 0 (default) scales the worker to zero when the queue is empty.')
@minValue(0)
@maxValue(1000)
param minReplicas int = 0

@description('Most replicas.')
@minValue(1)
@maxValue(1000)
param maxReplicas int = 10

@description('Active messages per replica KEDA aims at; each replica runs jobs.processor.concurrency (16) jobs at once.')
@minValue(1)
param messagesPerReplica int = 50

@description('vCPU per replica, one of 0.25, 0.5, 0.75, 1, 1.5, 2; memory is twice as many GiB.')
param cpu string = '0.5'

var managementPort = 9000
var memory = {
  '0.25': '0.5Gi'
  '0.5': '1Gi'
  '0.75': '1.5Gi'
  '1': '2Gi'
  '1.5': '3Gi'
  '2': '4Gi'
}
var checkedAudience = empty(authAudience) ? fail('Set JOBS_AUTH_AUDIENCE (azd env set JOBS_AUTH_AUDIENCE api://<client id>) or the authAudience parameter; see "Authentication" in docs/deployment.md.') : authAudience

resource worker 'Microsoft.App/containerApps@2026-01-01' = {
  name: name
  location: location
  tags: {
    'azd-env-name': environmentName
    'azd-service-name': 'worker'
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
      '${scalerIdentityId}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      identitySettings: [
        {
          identity: scalerIdentityId
          lifecycle: 'None'
        }
      ]
      registries: empty(registryServer) ? [] : [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      // Above the app's quarkus.shutdown.timeout (25s): attempts under way finish, or are handed back, on SIGTERM.
      terminationGracePeriodSeconds: 30
      containers: [
        {
          name: 'worker'
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
              name: 'JOBS_STORAGE_BLOB_CONTAINER'
              value: containerName
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
              name: 'JOBS_ACCEPTOR_ENABLED'
              value: 'false'
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
        // KEDA asks Service Bus for the queue length this often, and scales to zero this long after it was last
        // above zero: the first job after an idle period waits up to pollingInterval plus the start of a replica.
        pollingInterval: 15
        cooldownPeriod: 300
        rules: [
          {
            name: 'service-bus-queue'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentityId
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: queueName
                messageCount: string(messagesPerReplica)
              }
            }
          }
          {
            // The priority lane: KEDA scales to the larger of the two rules' replica counts.
            name: 'service-bus-priority-queue'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentityId
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: '${queueName}-priority'
                messageCount: string(messagesPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

// Named as main.bicep names it, so that it does not overwrite the api's in the azd environment.
@description('Name of the worker container app.')
output WORKER_APP_NAME string = worker.name
