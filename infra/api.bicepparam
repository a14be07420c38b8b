// Parameters of `azd deploy api`: azd sees this file next to api.bicep and deploys api.bicep to the resource group
// (a "Bicep Container App revision", azd 1.20 or later) instead of only swapping the image. The image is the one azd
// has just pushed (SERVICE_API_IMAGE_NAME); everything else is an output of infra/main.bicep, which azd keeps in the
// environment (.azure/<env>/.env) after `azd provision`. Change settings through main.bicep's parameters, not here.
using 'api.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param name = readEnvironmentVariable('API_APP_NAME')
param containerAppsEnvironmentId = readEnvironmentVariable('AZURE_CONTAINER_APPS_ENVIRONMENT_ID')
param containerAppsEnvironmentDefaultDomain = readEnvironmentVariable('AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN')
param image = readEnvironmentVariable('SERVICE_API_IMAGE_NAME')
param registryServer = readEnvironmentVariable('AZURE_CONTAINER_REGISTRY_ENDPOINT', '')
param identityId = readEnvironmentVariable('API_IDENTITY_ID')
param identityClientId = readEnvironmentVariable('API_IDENTITY_CLIENT_ID')
param storageBlobEndpoint = readEnvironmentVariable('JOBS_STORAGE_BLOB_ENDPOINT')
param serviceBusNamespace = readEnvironmentVariable('JOBS_QUEUE_SERVICEBUS_NAMESPACE')
param queueName = readEnvironmentVariable('SERVICE_BUS_QUEUE_NAME')
param maxMessageSize = int(readEnvironmentVariable('SERVICE_BUS_MAX_MESSAGE_SIZE'))
param containerName = readEnvironmentVariable('STORAGE_CONTAINER_NAME')
param authIssuer = readEnvironmentVariable('JOBS_AUTH_ISSUER')
param authAudience = readEnvironmentVariable('JOBS_AUTH_AUDIENCE', '')
param consoleClientId = readEnvironmentVariable('JOBS_CONSOLE_CLIENT_ID', '')
param minReplicas = int(readEnvironmentVariable('API_MIN_REPLICAS'))
param maxReplicas = int(readEnvironmentVariable('API_MAX_REPLICAS'))
param concurrentRequests = int(readEnvironmentVariable('API_CONCURRENT_REQUESTS'))
param cpu = readEnvironmentVariable('API_CPU')
