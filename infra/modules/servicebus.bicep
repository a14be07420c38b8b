// The Service Bus namespace and the jobs queue. Entra ID only (no SAS keys: disableLocalAuth), TLS 1.2 at least.
// The queue's settings come from ../queue-settings.json, the one place they are written down; docs/configuration.md
// ("Azure Service Bus mode") states the same values and InfraTemplatesTest checks them against the app's defaults.

@description('Azure region of the namespace.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the name unique.')
param resourceToken string

@description('Service Bus tier: Standard (default), or Premium for private endpoints, zone redundancy and 1 MiB messages.')
@allowed([
  'Standard'
  'Premium'
])
param sku string = 'Standard'

@description('Messaging units of a Premium namespace (ignored for Standard).')
@allowed([
  1
  2
  4
  8
  16
])
param premiumMessagingUnits int = 1

@description('Largest message the queue of a Premium namespace takes, in KB (1024 to 102400); Standard takes 256 KB, fixed.')
@minValue(1024)
@maxValue(102400)
param premiumMaxMessageSizeInKilobytes int = 1024

@description('Zone redundancy; Service Bus offers it as a setting on Premium only, so it is ignored for Standard.')
param zoneRedundant bool = false

@description('Enabled, or Disabled when the namespace is reached through its private endpoint only (Premium).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

var queueSettings = loadJsonContent('../queue-settings.json')
var premium = sku == 'Premium'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: 'sb-${resourceToken}'
  location: location
  tags: tags
  sku: premium ? {
    name: sku
    tier: sku
    capacity: premiumMessagingUnits
  } : {
    name: sku
    tier: sku
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess
    zoneRedundant: premium && zoneRedundant
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: queueSettings.name
  properties: {
    lockDuration: queueSettings.lockDuration
    maxDeliveryCount: queueSettings.maxDeliveryCount
    requiresDuplicateDetection: queueSettings.requiresDuplicateDetection
    duplicateDetectionHistoryTimeWindow: queueSettings.duplicateDetectionHistoryTimeWindow
    deadLetteringOnMessageExpiration: queueSettings.deadLetteringOnMessageExpiration
    defaultMessageTimeToLive: queueSettings.defaultMessageTimeToLive
    requiresSession: queueSettings.requiresSession
    enablePartitioning: queueSettings.enablePartitioning
    maxSizeInMegabytes: queueSettings.maxSizeInMegabytes
    // Premium only; Standard's limit is the tier's 256 KB.
    maxMessageSizeInKilobytes: premium ? premiumMaxMessageSizeInKilobytes : null
  }
}

// The priority lane (docs/architecture.md#fair-share): the same settings without sessions; each caller's jobs go
// there while the caller has priority allowance, and processors run them before any further session turn.
resource priorityQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: '${queueSettings.name}-priority'
  properties: {
    lockDuration: queueSettings.lockDuration
    maxDeliveryCount: queueSettings.maxDeliveryCount
    requiresDuplicateDetection: queueSettings.requiresDuplicateDetection
    duplicateDetectionHistoryTimeWindow: queueSettings.duplicateDetectionHistoryTimeWindow
    deadLetteringOnMessageExpiration: queueSettings.deadLetteringOnMessageExpiration
    defaultMessageTimeToLive: queueSettings.defaultMessageTimeToLive
    requiresSession: false
    enablePartitioning: queueSettings.enablePartitioning
    maxSizeInMegabytes: queueSettings.maxSizeInMegabytes
    maxMessageSizeInKilobytes: premium ? premiumMaxMessageSizeInKilobytes : null
  }
}

@description('Resource id of the namespace (for its private endpoint).')
output namespaceId string = namespace.id

@description('Name of the namespace (the KEDA scale rule takes the short name).')
output namespaceName string = namespace.name

@description('Fully qualified namespace, <name>.servicebus.windows.net, for JOBS_QUEUE_SERVICEBUS_NAMESPACE.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the queue.')
output queueName string = queue.name

@description('Largest message the queue takes, in bytes (JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE): 262144 on Standard.')
output maxMessageSize int = premium ? premiumMaxMessageSizeInKilobytes * 1024 : 262144
