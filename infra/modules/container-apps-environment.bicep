// The Container Apps environment (workload profiles, Consumption profile) the api and worker run in.
// Logs: the environment sends console and system logs to Azure Monitor and a diagnostic setting routes them to
// Log Analytics; the usual destination 'log-analytics' would need the workspace's shared key (listKeys), which this
// template never reads. Traces: the managed OpenTelemetry agent sets OTEL_EXPORTER_OTLP_ENDPOINT (gRPC) in every
// app and forwards what the app exports to Application Insights.
//
// Preview API version, unavoidable: appInsightsConfiguration and openTelemetryConfiguration exist only in the
// preview versions of Microsoft.App/managedEnvironments (the newest GA, 2026-01-01, has neither); 2025-10-02-preview
// is the newest that has them (bicep-types-az generated/app_0/microsoft.app/2025-10-02-preview/types.md).
// The same goes for Microsoft.Insights/diagnosticSettings, whose newest version is 2021-05-01-preview.

@description('Azure region of the environment.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the name unique.')
param resourceToken string

@description('Resource id of the Log Analytics workspace for console and system logs.')
param logAnalyticsWorkspaceId string

@description('Name of the Application Insights component that receives the traces.')
param appInsightsName string

@description('Resource id of the subnet to integrate the environment in; empty for the Azure-managed network.')
param infrastructureSubnetId string = ''

@description('Spread the environment over availability zones; needs infrastructureSubnetId.')
param zoneRedundant bool = false

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2025-10-02-preview' = {
  name: 'cae-${resourceToken}'
  location: location
  tags: tags
  properties: {
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    vnetConfiguration: empty(infrastructureSubnetId) ? null : {
      infrastructureSubnetId: infrastructureSubnetId
      internal: false
    }
    zoneRedundant: !empty(infrastructureSubnetId) && zoneRedundant
    publicNetworkAccess: 'Enabled'
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    // The connection string holds an instrumentation key, which identifies the component and is not a credential.
    appInsightsConfiguration: {
      connectionString: appInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
  }
}

resource logsToWorkspace 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: managedEnvironment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Resource id of the environment.')
output id string = managedEnvironment.id

@description('Name of the environment.')
output name string = managedEnvironment.name

@description('Default domain of the environment; an app with external ingress is https://<app>.<defaultDomain>.')
output defaultDomain string = managedEnvironment.properties.defaultDomain
