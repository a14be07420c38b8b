// Parameters of `azd deploy worker`: azd sees this file next to worker.bicep and deploys worker.bicep to the resource
// group (a "Bicep Container App revision", azd 1.20 or later). The image is the one azd has just pushed
// (SERVICE_WORKER_IMAGE_NAME); everything else is an output of infra/main.bicep, which azd keeps in the environment
// after `azd provision`. Change settings through main.bicep's parameters, not here.
using 'worker.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param name = readEnvironmentVariable('WORKER_APP_NAME')
param containerAppsEnvironmentId = readEnvironmentVariable('AZURE_CONTAINER_APPS_ENVIRONMENT_ID')
param image = readEnvironmentVariable('SERVICE_WORKER_IMAGE_NAME')
param registryServer = readEnvironmentVariable('AZURE_CONTAINER_REGISTRY_ENDPOINT', '')
param identityId = readEnvironmentVariable('WORKER_IDENTITY_ID')
param identityClientId = readEnvironmentVariable('WORKER_IDENTITY_CLIENT_ID')
param scalerIdentityId = readEnvironmentVariable('SCALER_IDENTITY_ID')
param storageBlobEndpoint = readEnvironmentVariable('JOBS_STORAGE_BLOB_ENDPOINT')
param serviceBusNamespace = readEnvironmentVariable('JOBS_QUEUE_SERVICEBUS_NAMESPACE')
param serviceBusNamespaceName = readEnvironmentVariable('SERVICE_BUS_NAMESPACE_NAME')
param queueName = readEnvironmentVariable('SERVICE_BUS_QUEUE_NAME')
param containerName = readEnvironmentVariable('STORAGE_CONTAINER_NAME')
param authIssuer = readEnvironmentVariable('JOBS_AUTH_ISSUER')
param authAudience = readEnvironmentVariable('JOBS_AUTH_AUDIENCE', '')
param minReplicas = int(readEnvironmentVariable('WORKER_MIN_REPLICAS'))
param maxReplicas = int(readEnvironmentVariable('WORKER_MAX_REPLICAS'))
param messagesPerReplica = int(readEnvironmentVariable('WORKER_MESSAGES_PER_REPLICA'))
param cpu = readEnvironmentVariable('WORKER_CPU')
