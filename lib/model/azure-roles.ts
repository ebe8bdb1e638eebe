/**
 * Built-in Azure role definitions aio-secure assigns or flags, by name. Ids are the role
 * definitions' GUIDs (the same in every subscription); a role assignment's `roleDefinitionId` is
 * `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (or the
 * tenant-level `/providers/Microsoft.Authorization/roleDefinitions/<guid>`).
 *
 * Sources: `aio-guidance-facts.md` sections 2.1 and 5.3 (Key Vault and AIO/Device Registry
 * roles); Microsoft Learn built-in roles (general and data-plane roles). Each section is owned by
 * the construct that needs it.
 */

/** A built-in role. */
export interface BuiltInRole {
  readonly name: string;
  readonly id: string;
  /** `broad`: grants control over everything in scope (flagged wherever a narrower role works). */
  readonly broad?: boolean;
}

/** Built-in roles by short key. */
export const BUILT_IN_ROLES = {
  // General (broad) roles.
  owner: { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', broad: true },
  contributor: { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', broad: true },
  userAccessAdministrator: { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', broad: true },

  // Key Vault (facts 2.1; the officer and administrator roles from Microsoft Learn built-in roles).
  keyVaultSecretsUser: { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' },
  keyVaultReader: { name: 'Key Vault Reader', id: '21090545-7ca7-4776-b22c-e363652d74d2' },
  keyVaultAdministrator: { name: 'Key Vault Administrator', id: '00482a5a-887f-4fb3-b363-3b7fe8e74483', broad: true },
  keyVaultSecretsOfficer: { name: 'Key Vault Secrets Officer', id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', broad: true },
  keyVaultCertificatesOfficer: { name: 'Key Vault Certificates Officer', id: 'a4417e6f-fecd-4de8-b567-7b0420556985', broad: true },
  keyVaultCryptoOfficer: { name: 'Key Vault Crypto Officer', id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', broad: true },

  // AIO and Azure Device Registry (facts 5.3).
  aioAdministrator: { name: 'Azure IoT Operations Administrator', id: '5bc02df6-6cd5-43fe-ad3d-4c93cf56cc16' },
  aioOnboarding: { name: 'Azure IoT Operations Onboarding', id: '7b7c71ed-33fa-4ed2-a91a-e56d5da260b5' },
  deviceRegistryAdministrator: { name: 'Azure Device Registry Administrator', id: '12675fd7-7f59-493f-9201-f7944860a2f1' },
  deviceRegistryContributor: { name: 'Azure Device Registry Contributor', id: 'a5c3590a-3a1a-4cd4-9648-ea0a32b15137' },
  deviceRegistryCredentialsContributor: { name: 'Azure Device Registry Credentials Contributor', id: '09267e11-2e06-40b5-8fe4-68cea20794c9' },
  deviceRegistryOnboarding: { name: 'Azure Device Registry Onboarding', id: '547f7f0a-69c0-4807-bd9e-0321dfb66a84' },

  // Data-plane roles of dataflow targets (ManagedIdentityDataflow). Ids from Microsoft Learn,
  // "Azure built-in roles" (role-based-access-control/built-in-roles.md: Analytics for Event Hubs,
  // Storage, Integration for Event Grid), each checked against the role's JSON there
  // (`"id": "/providers/Microsoft.Authorization/roleDefinitions/<guid>"`).
  // Azure Data Explorer's Ingestor and Fabric workspace roles are not Azure RBAC roles (Kusto
  // database principal assignments; Fabric workspace roles), so they are not here.
  eventHubsDataSender: { name: 'Azure Event Hubs Data Sender', id: '2b629674-e913-4c01-ae53-ef4638d8f975' },
  eventHubsDataReceiver: { name: 'Azure Event Hubs Data Receiver', id: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde' },
  eventHubsDataOwner: { name: 'Azure Event Hubs Data Owner', id: 'f526a384-b230-433a-b45c-95f59c4a2dec', broad: true },
  storageBlobDataContributor: { name: 'Storage Blob Data Contributor', id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' },
  eventGridTopicSpacesPublisher: { name: 'EventGrid TopicSpaces Publisher', id: 'a12b0b94-b317-4dcd-84a8-502ce99884c6' },
  eventGridTopicSpacesSubscriber: { name: 'EventGrid TopicSpaces Subscriber', id: '4b0f2fd7-60b4-4eca-896f-4435034f8bf5' },
} as const satisfies Record<string, BuiltInRole>;

/** The role whose GUID is at the end of a role definition id, if it is a known built-in role. */
export function builtInRoleOf(roleDefinitionId: string): BuiltInRole | undefined {
  const guid = roleDefinitionId.split('/').pop()?.toLowerCase();
  return Object.values(BUILT_IN_ROLES).find((r) => r.id === guid);
}

/** The subscription-relative role definition id ARM and Pulumi take for a built-in role. */
export function roleDefinitionPath(role: BuiltInRole): string {
  return `/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
}
