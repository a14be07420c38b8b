// The container registry azd pushes the native image to. No admin user, no anonymous pull: the apps pull with their
// managed identities (AcrPull, role-assignments.bicep); whoever pushes needs push rights (Owner or Contributor of
// the resource group, or AcrPush).

@description('Azure region of the registry.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the name unique.')
param resourceToken string

@description('Registry tier: Basic is enough for one image; Premium adds zone redundancy, geo-replication and private endpoints.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'cr${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
    zoneRedundancy: sku == 'Premium' ? 'Enabled' : 'Disabled'
  }
}

@description('Name of the registry.')
output name string = registry.name

@description('Login server of the registry, <name>.azurecr.io.')
output loginServer string = registry.properties.loginServer
