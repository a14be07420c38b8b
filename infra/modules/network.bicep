// The virtual network: a subnet delegated to the Container Apps environment (workload profiles, /23 of which /27
// is the minimum) and, with private endpoints, a subnet for them plus the private DNS zones that make
// <namespace>.servicebus.windows.net and <account>.blob.core.windows.net resolve to them inside the network.
// Created when networkIsolation is on, and also for zone redundancy, which Container Apps only offers to an
// environment in a virtual network of yours.

@description('Azure region of the virtual network.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the names unique.')
param resourceToken string

@description('Address space of the virtual network; the apps get its first /23, private endpoints its third /24.')
param addressPrefix string = '10.0.0.0/16'

@description('Create the private endpoints subnet and the private DNS zones for Service Bus and Blob Storage.')
param privateEndpoints bool = false

var appsSubnetPrefix = cidrSubnet(addressPrefix, 23, 0)
var endpointsSubnetPrefix = cidrSubnet(addressPrefix, 24, 2)

var appsSubnet = {
  name: 'snet-apps'
  properties: {
    addressPrefix: appsSubnetPrefix
    delegations: [
      {
        name: 'container-apps'
        properties: {
          serviceName: 'Microsoft.App/environments'
        }
      }
    ]
  }
}

var endpointsSubnet = {
  name: 'snet-private-endpoints'
  properties: {
    addressPrefix: endpointsSubnetPrefix
    privateEndpointNetworkPolicies: 'Disabled'
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'vnet-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: concat([
      appsSubnet
    ], privateEndpoints ? [
      endpointsSubnet
    ] : [])
  }
}

// Zone names of the public cloud; other clouds use other suffixes (privatelink.servicebus.usgovcloudapi.net, ...).
var zoneNames = [
  'privatelink.servicebus.windows.net'
  'privatelink.blob.${environment().suffixes.storage}'
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for zoneName in zoneNames: if (privateEndpoints) {
  name: zoneName
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (zoneName, i) in zoneNames: if (privateEndpoints) {
  parent: zones[i]
  name: 'link-${vnet.name}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}]

@description('Resource id of the subnet of the Container Apps environment.')
output appsSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, appsSubnet.name)

@description('Resource id of the private endpoints subnet; empty without private endpoints.')
output endpointsSubnetId string = privateEndpoints ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, endpointsSubnet.name) : ''

@description('Resource id of the privatelink.servicebus.windows.net zone; empty without private endpoints.')
output serviceBusZoneId string = privateEndpoints ? zones[0].id : ''

@description('Resource id of the privatelink.blob zone; empty without private endpoints.')
output blobZoneId string = privateEndpoints ? zones[1].id : ''
