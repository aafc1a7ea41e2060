// Bezbedno on Azure. Every parameter is documented in README.md beside this file.
//
// Hosting: App Service (Linux) running the container image built from
// deploy/Dockerfile — the same image docker-compose runs — on a plan with at
// least two instances. App Service rather than Container Apps because this is
// a steady, always-on chat service: App Service resolves Key Vault references
// in app settings through a user-assigned identity (no secret in the
// template, the deployment history or the container), replaces instances that
// fail the /readyz health check, keeps instances warm (always on: a pupil never
// waits for a cold start), and terminates TLS in front of the app.
//
// Secrets: the app settings hold Key Vault references only. This template
// writes the two secrets it can derive (the Cosmos DB connection string and the
// Language key); deploy/azure/secrets.sh generates or copies the others into the
// vault (README.md, "Deploy"). An unresolved reference reaches the app as the
// literal "@Microsoft.KeyVault(...)" string, which start-up refuses by name.

targetScope = 'resourceGroup'

@description('Short name used in every resource name: lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param name string = 'bezbedno'

@description('Region of every regional resource (the Azure Bot resource is global).')
param location string = resourceGroup().location

@description('Image repository in the registry this template creates; CI builds it from deploy/Dockerfile.')
param imageName string = 'bezbedno'

@description('Image tag to run (a commit SHA in CI).')
param imageTag string = 'latest'

@description('App Service plan size; P1v3 or larger (VNet integration, two or more instances).')
param appServiceSku string = 'P1v3'

@description('Number of app instances; two or more so one can fail or restart.')
@minValue(2)
param instanceCount int = 2

@description('How the bot authenticates to the Bot Framework: UserAssignedMSI (no password anywhere) or SingleTenant (an Entra app registration; its password goes into Key Vault as bot-app-password).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAuthMode string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration\'s client id.')
param botAppId string = ''

@description('Azure Bot pricing tier: F0 (free, limited messages) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

@description('Public base URL (https://host, no trailing slash) when a custom domain fronts the app; empty = the app\'s azurewebsites.net address.')
param publicBaseUrl string = ''

@description('Comma-separated origins of the school sites that embed the widget (WIDGET_ALLOWED_ORIGINS); also the Direct Line site\'s trusted origins.')
param widgetAllowedOrigins string = ''

@description('Cosmos DB for MongoDB (vCore) administrator user name.')
param mongoAdminUser string = 'bezbedno'

@description('Cosmos DB for MongoDB (vCore) administrator password (8–256 characters). Used once, to write the connection string into Key Vault.')
@secure()
@minLength(8)
param mongoAdminPassword string

@description('Cosmos DB for MongoDB (vCore) compute tier.')
param mongoTier string = 'M30'

@description('Cosmos DB for MongoDB (vCore) storage in GiB.')
param mongoStorageGb int = 32

@description('Zone-redundant high availability for the database (recommended for production).')
param mongoHighAvailability bool = true

@description('On-duty webhook for immediate reports (https only in production); empty = none.')
@metadata({ example: 'https://duty.example.org/bezbedno' })
param ondutyWebhook string = ''

@description('On-duty e-mail address for immediate reports (needs smtpHost); empty = none.')
@metadata({ example: 'duty@example.org' })
param ondutyEmail string = ''

@description('SMTP server for e-mail notices; empty = no e-mail.')
@metadata({ example: 'smtp.example.org' })
param smtpHost string = ''

@description('SMTP port (587 with STARTTLS, 465 with TLS).')
param smtpPort int = 587

@description('SMTP user; its password goes into Key Vault as smtp-password. Empty = no SMTP authentication.')
@metadata({ example: 'bezbedno' })
param smtpUser string = ''

@description('Sender address of e-mail notices.')
param smtpFrom string = 'bezbedno@example.org'

@description('Create an Azure AI Language resource for Conversational Language Understanding (CLU) and point the bot at it.')
param deployLanguage bool = false

@description('CLU project name (import content/nlu as built by npm run nlu:export-clu).')
param cluProject string = 'bezbedno'

@description('CLU deployment name.')
param cluDeployment string = 'production'

@description('Days Log Analytics keeps the (redacted) logs.')
@minValue(30)
param logRetentionDays int = 30

@description('Size of the premium NFS share that holds the report spool, in GiB (100 is the smallest premium share).')
@minValue(100)
param spoolShareGb int = 100

var suffix = uniqueString(resourceGroup().id)
var appName = '${name}-${suffix}'
var keyVaultName = take('${name}kv${suffix}', 24)
var appPort = '3978'
var healthPath = '/readyz'
var spoolMountPath = '/var/lib/bezbedno/spool'
var baseUrl = empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl
var languageName = '${name}-lang-${suffix}'
var origins = filter(map(split(widgetAllowedOrigins, ','), o => trim(o)), o => !empty(o))

// Built-in role ids (Azure RBAC).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

@description('An app setting that App Service resolves from Key Vault with the app\'s user-assigned identity.')
func kvRef(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

// ---------------------------------------------------------------- identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id-${suffix}'
  location: location
}

// ---------------------------------------------------------------- logs
// Only the app's own output (pino JSON, redacted at the source: no user text,
// no ids, no IP) and the platform's events go to Log Analytics. App Service
// HTTP logs are NOT collected: they hold client IPs, user agents and request
// paths with conversation ids. No Application Insights agent or SDK runs in
// the app for the same reason; Application Insights is used for availability
// tests on the health endpoint only.

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableIpMasking: false
  }
}

resource readinessTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${name}-readyz-${suffix}'
  location: location
  tags: {
    'hidden-link:${insights.id}': 'Resource'
  }
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${name}-readyz-${suffix}'
    Name: 'Bezbedno ${healthPath}'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
    ]
    Request: {
      RequestUrl: '${baseUrl}${healthPath}'
      HttpVerb: 'GET'
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 14
    }
  }
}

// ---------------------------------------------------------------- Key Vault

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- database

resource mongo 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = {
  name: '${name}-db-${suffix}'
  location: location
  properties: {
    administrator: {
      userName: mongoAdminUser
      password: mongoAdminPassword
    }
    serverVersion: '7.0'
    compute: {
      tier: mongoTier
    }
    storage: {
      sizeGb: mongoStorageGb
    }
    sharding: {
      shardCount: 1
    }
    highAvailability: {
      targetMode: mongoHighAvailability ? 'ZoneRedundantPreferred' : 'Disabled'
    }
    publicNetworkAccess: 'Enabled'
  }
}

// 0.0.0.0–0.0.0.0: connections from Azure services (the app), nothing else.
resource mongoFromAzure 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = {
  parent: mongo
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// The database name (bezbedno) is part of the URI; retrywrites=false as vCore requires.
resource mongoUri 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'mongodb-uri'
  properties: {
    value: 'mongodb+srv://${uriComponent(mongoAdminUser)}:${uriComponent(mongoAdminPassword)}@${mongo.name}.global.mongocluster.cosmos.azure.com/bezbedno?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000'
    contentType: 'MONGODB_URI'
  }
}

// ---------------------------------------------------------------- network and the shared spool
// The encrypted report spool lives on one NFS share that every instance
// mounts: a report spooled by one instance during a database outage is
// flushed by whichever instance runs next. NFS, not SMB: the spool writes
// each entry under a temporary name and hard-links it into place (no
// overwrite, no half-written entry), and Azure Files supports hard links only
// on NFS shares. NFS shares need a premium FileStorage account reached from
// the app's subnet.

resource egressIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: '${name}-egress-${suffix}'
  location: location
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
  }
}

resource nat 'Microsoft.Network/natGateways@2024-05-01' = {
  name: '${name}-nat-${suffix}'
  location: location
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIpAddresses: [
      {
        id: egressIp.id
      }
    ]
  }
}

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${name}-vnet-${suffix}'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.40.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.40.1.0/24'
          natGateway: {
            id: nat.id
          }
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
          ]
          delegations: [
            {
              name: 'web'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
    ]
  }
}

resource spoolStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}spool${suffix}', 24)
  location: location
  kind: 'FileStorage'
  sku: {
    name: 'Premium_ZRS'
  }
  properties: {
    // NFS 4.1 shares do not use SMB's transport encryption; the share is reachable only from the app's subnet.
    supportsHttpsTrafficOnly: false
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [
        {
          id: network.properties.subnets[0].id
          action: 'Allow'
        }
      ]
    }
  }
}

resource spoolFiles 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: spoolStorage
  name: 'default'
}

resource spoolShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: spoolFiles
  name: 'spool'
  properties: {
    enabledProtocols: 'NFS'
    // The container's entrypoint (root) hands the folder to the unprivileged user before the server starts.
    rootSquash: 'NoRootSquash'
    shareQuota: spoolShareGb
  }
}

// ---------------------------------------------------------------- registry

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('${name}acr${suffix}', 50)
  location: location
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- optional: Azure AI Language (CLU)

resource language 'Microsoft.CognitiveServices/accounts@2024-10-01' = if (deployLanguage) {
  name: languageName
  location: location
  kind: 'TextAnalytics'
  sku: {
    name: 'S'
  }
  properties: {
    customSubDomainName: languageName
    publicNetworkAccess: 'Enabled'
  }
}

resource cluKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (deployLanguage) {
  parent: vault
  name: 'clu-key'
  properties: {
    value: deployLanguage ? language!.listKeys().key1 : ''
    contentType: 'CLU_KEY'
  }
}

// ---------------------------------------------------------------- app settings
// Each NAME: value on its own line (test/deploy/templates.test.ts reads these
// blocks and holds them against the configuration schema, core/config).

var appSettings = {
  NODE_ENV: 'production'
  HOST: '0.0.0.0'
  PORT: appPort
  WEBSITES_PORT: appPort
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
  LOG_LEVEL: 'info'
  DATA_DIR: '/var/lib/bezbedno'
  SPOOL_DIR: spoolMountPath
  MONGODB_URI: kvRef(keyVaultName, 'mongodb-uri')
  REPORT_ENCRYPTION_KEYS: kvRef(keyVaultName, 'report-encryption-keys')
  MicrosoftAppType: botAuthMode
  MicrosoftAppId: botAuthMode == 'UserAssignedMSI' ? identity.properties.clientId : botAppId
  MicrosoftAppTenantId: tenant().tenantId
  DIRECTLINE_SECRET: kvRef(keyVaultName, 'directline-secret')
  DIRECTLINE_TOKEN_SECRET: kvRef(keyVaultName, 'directline-token-secret')
  INSTANCES: string(instanceCount)
  WIDGET_ALLOWED_ORIGINS: widgetAllowedOrigins
  DASHBOARD_URL: '${baseUrl}/dashboard'
  DASHBOARD_SECURE_COOKIES: 'true'
  TRUSTED_PROXY_HOPS: '1'
  DASHBOARD_QUEUE_MODE: 'database'
  DASHBOARD_TOTP_KEY: kvRef(keyVaultName, 'dashboard-totp-key')
  NOTIFY_WEBHOOK_SECRET: kvRef(keyVaultName, 'notify-webhook-secret')
}

var singleTenantSettings = botAuthMode == 'SingleTenant' ? {
  MicrosoftAppPassword: kvRef(keyVaultName, 'bot-app-password')
} : {}

var ondutyWebhookSettings = empty(ondutyWebhook) ? {} : {
  NOTIFY_ONDUTY_WEBHOOK: ondutyWebhook
}

var ondutyEmailSettings = empty(ondutyEmail) ? {} : {
  NOTIFY_ONDUTY_EMAIL: ondutyEmail
}

var smtpSettings = empty(smtpHost) ? {} : {
  SMTP_HOST: smtpHost
  SMTP_PORT: string(smtpPort)
  SMTP_SECURE: smtpPort == 465 ? 'true' : 'false'
  SMTP_REQUIRE_TLS: 'true'
  SMTP_FROM: smtpFrom
}

var smtpAuthSettings = empty(smtpUser) ? {} : {
  SMTP_USER: smtpUser
  SMTP_PASSWORD: kvRef(keyVaultName, 'smtp-password')
}

var cluSettings = deployLanguage ? {
  // The custom subdomain is the endpoint CLU's runtime answers on.
  CLU_ENDPOINT: 'https://${languageName}.cognitiveservices.azure.com'
  CLU_PROJECT: cluProject
  CLU_DEPLOYMENT: cluDeployment
  CLU_KEY: kvRef(keyVaultName, 'clu-key')
} : {}

var allSettings = union(appSettings, singleTenantSettings, ondutyWebhookSettings, ondutyEmailSettings, smtpSettings, smtpAuthSettings, cluSettings)

// ---------------------------------------------------------------- App Service

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: false
  }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: network.properties.subnets[0].id
    siteConfig: {
      linuxFxVersion: 'DOCKER|${registry.properties.loginServer}/${imageName}:${imageTag}'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identity.properties.clientId
      alwaysOn: true
      healthCheckPath: healthPath
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      vnetRouteAllEnabled: true
      // Azure Direct Line carries the widget's WebSocket; the app itself serves none in production.
      webSocketsEnabled: false
      appSettings: [for s in items(allSettings): {
        name: s.key
        value: s.value
      }]
    }
  }
  dependsOn: [
    vaultReader
    registryPull
    mongoUri
    mongoFromAzure
  ]
}

resource spoolMount 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'azurestorageaccounts'
  properties: {
    spool: {
      type: 'AzureFiles'
      protocol: 'Nfs'
      accountName: spoolStorage.name
      shareName: spoolShare.name
      mountPath: spoolMountPath
      accessKey: spoolStorage.listKeys().keys[0].value
    }
  }
}

resource appLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'bezbedno-logs'
  scope: app
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
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

// ---------------------------------------------------------------- Azure Bot

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Bezbedno'
    endpoint: '${baseUrl}/api/messages'
    msaAppType: botAuthMode
    msaAppId: botAuthMode == 'UserAssignedMSI' ? identity.properties.clientId : botAppId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: botAuthMode == 'UserAssignedMSI' ? identity.id : null
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

// The website widget: enhanced authentication on, limited to the schools' origins.
resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'widget'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: !empty(origins)
          trustedOrigins: origins
          isBlockUserUploadEnabled: true
        }
      ]
    }
  }
}

// Web Chat channel (the portal's test chat).
resource webChat 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: {
      sites: [
        {
          siteName: 'portal-test'
          isEnabled: true
          isWebchatPreviewEnabled: false
        }
      ]
    }
  }
}

// ---------------------------------------------------------------- outputs

output appUrl string = baseUrl
output appName string = app.name
output keyVaultName string = vault.name
output botName string = bot.name
output registryLoginServer string = registry.properties.loginServer
output messagingEndpoint string = '${baseUrl}/api/messages'
