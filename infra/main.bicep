// async-jobs on Azure: Service Bus, Blob Storage, managed identities, a Container Apps environment with Log Analytics
// and Application Insights, a container registry and, optionally, a locked-down network. docs/deployment.md explains
// every resource and parameter.
//
//   azd up                                      provisions this, then builds and deploys the native image
//   az deployment sub create -l <region> -f infra/main.bicep -p environmentName=<name> [containerImage=<image> ...]
//
// With azd, the two container apps are created and updated by `azd deploy` (infra/api.bicep and infra/worker.bicep
// with their .bicepparam files), once the image is in the registry; this template only creates them when it is given
// an image (containerImage), which is the path without azd.
targetScope = 'subscription'

@description('Name of the environment (azd: AZURE_ENV_NAME); names the resource group rg-<name> and seeds the resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource.')
@minLength(1)
param location string

@description('Image for both apps, e.g. <registry>.azurecr.io/async-jobs:1.0. Empty (the azd way): the apps are not created here but by azd deploy.')
param containerImage string = ''

@description('Create an Azure Container Registry for the image; false when containerImage needs no credentials (a public image).')
param createRegistry bool = true

@description('Service Bus tier: Standard, or Premium (needed for networkIsolation; zone redundancy, 1 MiB messages).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Messaging units of a Premium Service Bus namespace.')
@allowed([
  1
  2
  4
  8
  16
])
param serviceBusPremiumMessagingUnits int = 1

@description('Largest message of a Premium namespace\'s queue in KB (1024-102400; Standard is 256 KB): the largest job input it takes.')
@minValue(1024)
@maxValue(102400)
param serviceBusPremiumMaxMessageSizeInKilobytes int = 1024

@description('Locked-down network: a virtual network for the Container Apps environment, private endpoints and DNS zones for Service Bus and Blob Storage, public access to both disabled. Needs serviceBusSku Premium.')
param networkIsolation bool = false

@description('Zone redundancy where the tier offers it: Container Apps environment (in a virtual network, created for it), Service Bus Premium, zone-redundant storage (ZRS).')
param zoneRedundant bool = false

@description('Address space of the virtual network (used with networkIsolation or zoneRedundant).')
param vnetAddressPrefix string = '10.0.0.0/16'

@description('Days a finished job (record, result, idempotency key) is kept: jobs.retention, 7 days by default.')
@minValue(2)
@maxValue(3650)
param retentionDays int = 7

@description('Issuer of the access tokens the API accepts (JOBS_AUTH_ISSUER). Empty: https://login.microsoftonline.com/<this tenant>/v2.0.')
param authIssuer string = ''

@description('Audience of the access tokens the API accepts (JOBS_AUTH_AUDIENCE): application id URI (api://<client id>) or client id of the API app registration. Needed once the apps are deployed.')
param authAudience string = ''

@description('Client id of the console\'s own app registration, a single-page application (JOBS_CONSOLE_CLIENT_ID); empty: the console says sign-in is not set up. See docs/security.md.')
param consoleClientId string = ''

@description('Fewest api replicas (1 keeps it warm; 0 allows scale to zero).')
@minValue(0)
param apiMinReplicas int = 1

@description('Most api replicas.')
@minValue(1)
param apiMaxReplicas int = 10

@description('Concurrent HTTP requests per api replica above which another is added.')
@minValue(1)
param apiConcurrentRequests int = 50

@description('vCPU per api replica (memory is twice as many GiB).')
@allowed([
  '0.25'
  '0.5'
  '0.75'
  '1'
  '1.5'
  '2'
])
param apiCpu string = '0.5'

@description('Fewest worker replicas; 0 scales the worker to zero when the queue is empty.')
@minValue(0)
param workerMinReplicas int = 0

@description('Most worker replicas.')
@minValue(1)
param workerMaxReplicas int = 10

@description('Active queue messages per worker replica that KEDA aims at.')
@minValue(1)
param workerMessagesPerReplica int = 50

@description('vCPU per worker replica (memory is twice as many GiB).')
@allowed([
  '0.25'
  '0.5'
  '0.75'
  '1'
  '1.5'
  '2'
])
param workerCpu string = '0.5'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var useVnet = networkIsolation || zoneRedundant
var deployApps = !empty(containerImage)
var effectiveAuthIssuer = empty(authIssuer) ? '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0' : authIssuer

// Private endpoints for Service Bus exist on Premium namespaces only: refuse the combination instead of deploying a
// namespace that stays reachable from the internet.
var checkedServiceBusSku = networkIsolation && serviceBusSku != 'Premium' ? fail('networkIsolation=true needs serviceBusSku=Premium: Service Bus offers private endpoints (and disabling public access) on Premium namespaces only.') : serviceBusSku

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    logRetentionDays: logRetentionDays
  }
}

module network 'modules/network.bicep' = if (useVnet) {
  name: 'network'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    addressPrefix: vnetAddressPrefix
    privateEndpoints: networkIsolation
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    sku: checkedServiceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    premiumMaxMessageSizeInKilobytes: serviceBusPremiumMaxMessageSizeInKilobytes
    zoneRedundant: zoneRedundant
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    zoneRedundant: zoneRedundant
    retentionDays: retentionDays
    publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'
  }
}

module registry 'modules/registry.bicep' = if (createRegistry) {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
  }
}

module serviceBusEndpoint 'modules/private-endpoint.bicep' = if (networkIsolation) {
  name: 'servicebus-private-endpoint'
  scope: rg
  params: {
    name: 'pe-sb-${resourceToken}'
    location: location
    tags: tags
    subnetId: networkIsolation ? network.outputs.endpointsSubnetId : ''
    targetId: serviceBus.outputs.namespaceId
    groupId: 'namespace'
    privateDnsZoneId: networkIsolation ? network.outputs.serviceBusZoneId : ''
  }
}

module blobEndpoint 'modules/private-endpoint.bicep' = if (networkIsolation) {
  name: 'blob-private-endpoint'
  scope: rg
  params: {
    name: 'pe-blob-${resourceToken}'
    location: location
    tags: tags
    subnetId: networkIsolation ? network.outputs.endpointsSubnetId : ''
    targetId: storage.outputs.accountId
    groupId: 'blob'
    privateDnsZoneId: networkIsolation ? network.outputs.blobZoneId : ''
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    appInsightsName: monitoring.outputs.appInsightsName
    infrastructureSubnetId: useVnet ? network.outputs.appsSubnetId : ''
    zoneRedundant: zoneRedundant
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: rg
  params: {
    apiPrincipalId: identities.outputs.apiPrincipalId
    workerPrincipalId: identities.outputs.workerPrincipalId
    scalerPrincipalId: identities.outputs.scalerPrincipalId
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    queueName: serviceBus.outputs.queueName
    storageAccountName: storage.outputs.accountName
    containerName: storage.outputs.containerName
    registryName: createRegistry ? registry.outputs.name : ''
  }
}

var apiAppName = 'ca-api-${resourceToken}'
var workerAppName = 'ca-worker-${resourceToken}'
var registryServer = createRegistry ? registry.outputs.loginServer : ''

// The path without azd: the apps come with this deployment when it is given an image. With azd they come from
// `azd deploy`, through the same api.bicep and worker.bicep.
module api 'api.bicep' = if (deployApps) {
  name: 'api'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    name: apiAppName
    containerAppsEnvironmentId: containerAppsEnvironment.outputs.id
    containerAppsEnvironmentDefaultDomain: containerAppsEnvironment.outputs.defaultDomain
    image: containerImage
    registryServer: registryServer
    identityId: identities.outputs.apiId
    identityClientId: identities.outputs.apiClientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    queueName: serviceBus.outputs.queueName
    maxMessageSize: serviceBus.outputs.maxMessageSize
    containerName: storage.outputs.containerName
    authIssuer: effectiveAuthIssuer
    authAudience: authAudience
    consoleClientId: consoleClientId
    minReplicas: apiMinReplicas
    maxReplicas: apiMaxReplicas
    concurrentRequests: apiConcurrentRequests
    cpu: apiCpu
  }
  dependsOn: [
    roles
  ]
}

module worker 'worker.bicep' = if (deployApps) {
  name: 'worker'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    name: workerAppName
    containerAppsEnvironmentId: containerAppsEnvironment.outputs.id
    image: containerImage
    registryServer: registryServer
    identityId: identities.outputs.workerId
    identityClientId: identities.outputs.workerClientId
    scalerIdentityId: identities.outputs.scalerId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    queueName: serviceBus.outputs.queueName
    containerName: storage.outputs.containerName
    authIssuer: effectiveAuthIssuer
    authAudience: authAudience
    minReplicas: workerMinReplicas
    maxReplicas: workerMaxReplicas
    messagesPerReplica: workerMessagesPerReplica
    cpu: workerCpu
  }
  dependsOn: [
    roles
  ]
}

// Outputs: azd keeps each in the environment (.azure/<env>/.env), where api.bicepparam and worker.bicepparam read
// them at deploy time. Names, ids and endpoints only: no key, connection string or token.

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the subscription.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding everything; azd deploy and azd down use it.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Login server azd pushes the image to; empty without a registry.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registryServer

@description('Resource id of the Container Apps environment.')
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = containerAppsEnvironment.outputs.id

@description('Default domain of the Container Apps environment.')
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = containerAppsEnvironment.outputs.defaultDomain

@description('Name of the api container app.')
output API_APP_NAME string = apiAppName

@description('Name of the worker container app.')
output WORKER_APP_NAME string = workerAppName

@description('Public URL of the API (its JOBS_API_PUBLIC_BASE_URL).')
output API_URL string = 'https://${apiAppName}.${containerAppsEnvironment.outputs.defaultDomain}'

@description('Public IP address the apps reach the internet from, with the virtual network (its NAT gateway); empty without.')
output EGRESS_IP_ADDRESS string = useVnet ? network.outputs.egressIpAddress : ''

@description('Resource id of the api identity.')
output API_IDENTITY_ID string = identities.outputs.apiId

@description('Client id of the api identity (its AZURE_CLIENT_ID).')
output API_IDENTITY_CLIENT_ID string = identities.outputs.apiClientId

@description('Resource id of the worker identity.')
output WORKER_IDENTITY_ID string = identities.outputs.workerId

@description('Client id of the worker identity (its AZURE_CLIENT_ID).')
output WORKER_IDENTITY_CLIENT_ID string = identities.outputs.workerClientId

@description('Resource id of the identity of the worker scale rule.')
output SCALER_IDENTITY_ID string = identities.outputs.scalerId

@description('JOBS_STORAGE_BLOB_ENDPOINT of both apps.')
output JOBS_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('JOBS_QUEUE_SERVICEBUS_NAMESPACE of both apps.')
output JOBS_QUEUE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace

@description('Short name of the Service Bus namespace (KEDA scale rule).')
output SERVICE_BUS_NAMESPACE_NAME string = serviceBus.outputs.namespaceName

@description('Name of the jobs queue (JOBS_QUEUE_SERVICEBUS_QUEUE_NAME of both apps).')
output SERVICE_BUS_QUEUE_NAME string = serviceBus.outputs.queueName

@description('Largest message the queue takes, in bytes (JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE of the api).')
output SERVICE_BUS_MAX_MESSAGE_SIZE int = serviceBus.outputs.maxMessageSize

@description('Name of the jobs blob container (JOBS_STORAGE_BLOB_CONTAINER of both apps).')
output STORAGE_CONTAINER_NAME string = storage.outputs.containerName

@description('Name of the storage account.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.accountName

@description('JOBS_AUTH_ISSUER of both apps.')
output JOBS_AUTH_ISSUER string = effectiveAuthIssuer

@description('JOBS_AUTH_AUDIENCE of both apps.')
output JOBS_AUTH_AUDIENCE string = authAudience

@description('JOBS_CONSOLE_CLIENT_ID of the api app (the console\'s sign-in).')
output JOBS_CONSOLE_CLIENT_ID string = consoleClientId

@description('Fewest api replicas.')
output API_MIN_REPLICAS int = apiMinReplicas

@description('Most api replicas.')
output API_MAX_REPLICAS int = apiMaxReplicas

@description('Concurrent requests per api replica.')
output API_CONCURRENT_REQUESTS int = apiConcurrentRequests

@description('vCPU per api replica.')
output API_CPU string = apiCpu

@description('Fewest worker replicas.')
output WORKER_MIN_REPLICAS int = workerMinReplicas

@description('Most worker replicas.')
output WORKER_MAX_REPLICAS int = workerMaxReplicas

@description('Active messages per worker replica.')
output WORKER_MESSAGES_PER_REPLICA int = workerMessagesPerReplica

@description('vCPU per worker replica.')
output WORKER_CPU string = workerCpu
