// The user-assigned managed identities. Each app runs as its own identity (AZURE_CLIENT_ID selects it), so that the
// api can only send and the worker can only receive; the scaler identity is never visible to application code
// (identitySettings lifecycle 'None' on the worker) and only lets KEDA read the queue's message count.
// Their roles are in role-assignments.bicep.

@description('Azure region of the identities.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the names unique: uniqueString of subscription, environment name and region.')
param resourceToken string

resource api 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-api-${resourceToken}'
  location: location
  tags: tags
}

resource worker 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-worker-${resourceToken}'
  location: location
  tags: tags
}

resource scaler 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-scaler-${resourceToken}'
  location: location
  tags: tags
}

@description('Resource id of the api identity.')
output apiId string = api.id

@description('Client id of the api identity (the api app gets it as AZURE_CLIENT_ID).')
output apiClientId string = api.properties.clientId

@description('Principal (object) id of the api identity, for its role assignments.')
output apiPrincipalId string = api.properties.principalId

@description('Resource id of the worker identity.')
output workerId string = worker.id

@description('Client id of the worker identity (the worker app gets it as AZURE_CLIENT_ID).')
output workerClientId string = worker.properties.clientId

@description('Principal (object) id of the worker identity, for its role assignments.')
output workerPrincipalId string = worker.properties.principalId

@description('Resource id of the scaler identity, used only by the worker scale rule.')
output scalerId string = scaler.id

@description('Principal (object) id of the scaler identity, for its role assignment.')
output scalerPrincipalId string = scaler.properties.principalId
