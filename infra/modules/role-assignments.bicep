// Every role assignment of the deployment, at the narrowest scope that works, with built-in role definition ids.
// Nothing else is granted: no keys, no connection strings, no Owner or Contributor, nothing to the deploying user.
//
//   api identity      Azure Service Bus Data Sender     the jobs queue        sends jobs
//                     Storage Blob Data Contributor     the jobs container    writes records, reads results
//                     Storage Blob Delegator            the storage account   gets user delegation keys for result URLs
//                     AcrPull                           the registry          pulls the image
//   worker identity   Azure Service Bus Data Receiver   the jobs queue        receives jobs, browses the dead-letter queue
//                     Storage Blob Data Contributor     the jobs container    updates records, writes results
//                     Storage Blob Delegator            the storage account   gets user delegation keys for the result URLs
//                                                                             in completion notifications
//                     AcrPull                           the registry          pulls the image
//   scaler identity   Azure Service Bus Data Owner      the jobs queue        KEDA reads the queue's message count
// Each role on the jobs queue is assigned on its priority lane (<queue>-priority) as well.
//
// The worker sends nothing (it opens no send link: a dead-lettered job is put back in the outbox, which the api
// sends), so it has no Data Sender. A user delegation key is requested from the account's blob service, so the role
// that allows it must be assigned at the account: a role on the container does not. AzureProductionPathIT runs both
// apps with exactly these roles (read from this file) against stand-ins that enforce them, and fails when one is
// missing or grants what the app never uses (docs/deployment.md, "Identities and roles").
//
// Why the scaler: KEDA's azure-servicebus scaler reads the count through the Service Bus administration API
// (GetQueueRuntimeProperties), which needs the Manage right, that is Data Owner; Data Receiver is refused. Giving
// that to the worker identity would let the worker's code manage the queue, so it goes to a third identity scoped to
// the queue alone, which the worker app holds with identitySettings lifecycle 'None': only the platform (the scale
// rule) can get tokens for it, the containers cannot.

@description('Principal id of the api identity.')
param apiPrincipalId string

@description('Principal id of the worker identity.')
param workerPrincipalId string

@description('Principal id of the scaler identity (KEDA only).')
param scalerPrincipalId string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the jobs queue.')
param queueName string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the jobs blob container.')
param containerName string

@description('Name of the container registry; empty when none was created (then no AcrPull is granted).')
param registryName string = ''

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: namespace
  name: queueName
}

// The priority lane, named after the jobs queue as servicebus.bicep and the apps name it.
resource priorityQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: namespace
  name: '${queueName}-priority'
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-04-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-04-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-04-01' existing = {
  parent: blobService
  name: containerName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' existing = if (!empty(registryName)) {
  name: registryName
}

resource apiSendsJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, apiPrincipalId, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  scope: queue
  properties: {
    description: 'async-jobs api: send jobs to the queue (Azure Service Bus Data Sender)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiReadsAndWritesJobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, apiPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: container
  properties: {
    description: 'async-jobs api: records and results in the jobs container (Storage Blob Data Contributor)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiGetsDelegationKeys 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, apiPrincipalId, 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
  scope: storageAccount
  properties: {
    description: 'async-jobs api: user delegation keys to sign result URLs (Storage Blob Delegator)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiPullsImage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(registryName)) {
  name: guid(registry.id, apiPrincipalId, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: registry
  properties: {
    description: 'async-jobs api: pull the image (AcrPull)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerReceivesJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, workerPrincipalId, '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
  scope: queue
  properties: {
    description: 'async-jobs worker: receive jobs and browse the dead-letter queue (Azure Service Bus Data Receiver)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerReadsAndWritesJobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, workerPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: container
  properties: {
    description: 'async-jobs worker: records and results in the jobs container (Storage Blob Data Contributor)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerGetsDelegationKeys 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, workerPrincipalId, 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
  scope: storageAccount
  properties: {
    description: 'async-jobs worker: user delegation keys to sign the result URLs of completion notifications (Storage Blob Delegator)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerPullsImage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(registryName)) {
  name: guid(registry.id, workerPrincipalId, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: registry
  properties: {
    description: 'async-jobs worker: pull the image (AcrPull)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource scalerReadsQueueLength 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, scalerPrincipalId, '090c5cfd-751d-490a-894a-3ce6f1109419')
  scope: queue
  properties: {
    description: 'async-jobs worker scale rule (KEDA): read the queue message count (Azure Service Bus Data Owner, this queue only)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')
    principalId: scalerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiSendsPriorityJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(priorityQueue.id, apiPrincipalId, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  scope: priorityQueue
  properties: {
    description: 'async-jobs api: send jobs to the priority lane (Azure Service Bus Data Sender)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerReceivesPriorityJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(priorityQueue.id, workerPrincipalId, '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
  scope: priorityQueue
  properties: {
    description: 'async-jobs worker: receive jobs and browse the dead-letter queue of the priority lane (Azure Service Bus Data Receiver)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource scalerReadsPriorityQueueLength 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(priorityQueue.id, scalerPrincipalId, '090c5cfd-751d-490a-894a-3ce6f1109419')
  scope: priorityQueue
  properties: {
    description: 'async-jobs worker scale rule (KEDA): read the message count of the priority lane (Azure Service Bus Data Owner, this queue only)'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')
    principalId: scalerPrincipalId
    principalType: 'ServicePrincipal'
  }
}
