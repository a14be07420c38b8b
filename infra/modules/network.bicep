// The virtual network: a subnet delegated to the Container Apps environment (workload profiles, /23 of which /27
// is the minimum) and, with private endpoints, a subnet for them plus the private DNS zones that make
// <namespace>.servicebus.windows.net and <account>.blob.core.windows.net resolve to them inside the network.
// Created when networkIsolation is on, and also for zone redundancy, which Container Apps only offers to an
// environment in a virtual network of yours.
//
// Egress: since network API 2025-07-01 a new subnet is private (no default outbound access), and the apps still need
// the internet: Entra ID, the image registry, Log Analytics and the receivers of completion notifications. The apps'
// subnet says so explicitly (defaultOutboundAccess: false) and goes out through a NAT gateway with one static public
// IP, Azure's recommended explicit outbound method; it also gives receivers one known address to allow.

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

resource egressAddress 'Microsoft.Network/publicIPAddresses@2025-09-01' = {
  name: 'pip-nat-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2025-09-01' = {
  name: 'ng-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: egressAddress.id
      }
    ]
  }
}

var appsSubnet = {
  name: 'snet-apps'
  properties: {
    addressPrefix: appsSubnetPrefix
    defaultOutboundAccess: false
    natGateway: {
      id: natGateway.id
    }
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

@description('The public IP address the apps reach the internet from (for receivers that allow callers by address).')
output egressIpAddress string = egressAddress.properties.ipAddress

@description('Resource id of the private endpoints subnet; empty without private endpoints.')
output endpointsSubnetId string = privateEndpoints ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, endpointsSubnet.name) : ''

@description('Resource id of the privatelink.servicebus.windows.net zone; empty without private endpoints.')
output serviceBusZoneId string = privateEndpoints ? zones[0].id : ''

@description('Resource id of the privatelink.blob zone; empty without private endpoints.')
output blobZoneId string = privateEndpoints ? zones[1].id : ''
