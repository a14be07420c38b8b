// One private endpoint with its DNS zone group, so that the zone gets the A record of the endpoint's address.

@description('Name of the private endpoint.')
param name string

@description('Azure region of the endpoint (the virtual network region).')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Resource id of the subnet the endpoint takes its address from.')
param subnetId string

@description('Resource id of the Service Bus namespace or storage account.')
param targetId string

@description('Sub-resource: namespace for Service Bus, blob for Blob Storage.')
@allowed([
  'namespace'
  'blob'
])
param groupId string

@description('Resource id of the private DNS zone for that sub-resource.')
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-09-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}
