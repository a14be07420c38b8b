// The storage account of job records and results, the jobs container and the lifecycle rule that enforces
// jobs.retention. Entra ID only: no shared key (so no account-key SAS either; the app signs result URLs with user
// delegation keys), no public blob access, HTTPS and TLS 1.2.

@description('Azure region of the account.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('Suffix that makes the name unique.')
param resourceToken string

@description('Zone-redundant storage (Standard_ZRS) instead of locally redundant (Standard_LRS).')
param zoneRedundant bool = false

@description('Name of the blob container for records and results (jobs.storage.blob.container, default jobs).')
param containerName string = 'jobs'

@description('Days after its last modification that a record, result, idempotency key or pending marker is deleted: jobs.retention (7d by default) in days.')
@minValue(1)
param retentionDays int = 7

@description('Enabled, or Disabled when the account is reached through its private endpoint only.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

resource account 'Microsoft.Storage/storageAccounts@2026-04-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Disabled' ? 'Deny' : 'Allow'
      bypass: 'None'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-04-01' = {
  parent: account
  name: 'default'
  properties: {
    // Records are rewritten on every status change: versions or soft delete would keep every old copy and bill it.
    isVersioningEnabled: false
    deleteRetentionPolicy: {
      enabled: false
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-04-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

// Retention. The blob adapter (src/main/java/io/github/asyncjobs/adapter/azure/blob/) keeps, in the jobs container:
//   records/<id>.json                the job record, rewritten on every status change;
//   results/<type>/<id>              the result, written once when the job succeeds;
//   idempotency-keys/<sha256>.json   an Idempotency-Key binding, valid jobs.idempotency.key-ttl (24h);
//   pending-by-owner/<owner>/<id>    the marker of an unfinished job, removed when the job finishes (older versions:
//                                    pending/<id>; the rule's "pending" covers both and pending-callbacks/);
//   owners-bucketed/<digest>/<b>/<time>-<id>  the listing index entry of a job (GET /api/jobs), written once at accept
//                                    (tags-bucketed/ and tenants-bucketed/ likewise; older versions: owners/, tags/,
//                                    tenants/ without a bucket; the rule's "owners", "tags", "tenants" cover both);
//   callbacks/<id>.json              the delivery state of a job's completion notification, if it asked for one;
//   pending-callbacks/<id>           the marker of a notification still to be delivered, removed once delivered or given up.
// Each is deleted retentionDays after its LAST MODIFICATION. That is safe for unfinished jobs too: a job is failed as
// Expired at most jobs.time-to-live (1d) after it was accepted, and that failure rewrites its record, and a notification
// is retried (each retry rewriting its state) at most jobs.callbacks.retry-for (1d) after that, so no record,
// marker, key or notification of a job still in flight is ever 7 days old (the rule would only delete the record of an unfinished
// job if the service had been down for the whole retention period). A finished job's record was last written when it
// finished, so "last modified" is "finished", as jobs.retention means. Keep retentionDays >= 2 and above
// jobs.idempotency.key-ttl; InfraTemplatesTest checks the defaults. A listing entry is last modified when the job was
// accepted, so it goes up to jobs.time-to-live before its record: a job that old is still found by id, no longer listed.
// Lifecycle management runs about once a day, so blobs go up to a day or so later than the exact age.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-04-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-jobs-after-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${containerName}/records/'
                '${containerName}/results/'
                '${containerName}/idempotency-keys/'
                '${containerName}/pending'
                '${containerName}/owners'
                '${containerName}/tags'
                '${containerName}/tenants'
                '${containerName}/activity/'
                '${containerName}/callbacks/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    container
  ]
}

@description('Resource id of the account (for its private endpoint).')
output accountId string = account.id

@description('Name of the account.')
output accountName string = account.name

@description('Blob service endpoint without trailing slash, for JOBS_STORAGE_BLOB_ENDPOINT.')
output blobEndpoint string = 'https://${account.name}.blob.${environment().suffixes.storage}'

@description('Name of the jobs container.')
output containerName string = container.name
