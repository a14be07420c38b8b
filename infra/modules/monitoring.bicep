// Log Analytics (console and system logs of the Container Apps environment, through a diagnostic setting) and a
// workspace-based Application Insights that receives the OTLP traces of the apps through the environment's managed
// OpenTelemetry agent (container-apps-environment.bicep).

@description('Azure region of the workspace and of Application Insights.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the names unique.')
param resourceToken string

@description('Days the workspace keeps logs (30 days are included in the pay-as-you-go price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // The managed OpenTelemetry agent sends with the connection string (an instrumentation key, not a secret) and
    // needs local authentication on the component: Container Apps documents that it cannot ingest otherwise.
    DisableLocalAuth: false
  }
}

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name
