/**
 * azurerm resource types that take `tags`, checked against the schema of the azurerm 4.55.0
 * bindings (@cdktf/provider-azurerm 14.23.1: their Config interfaces declare `tags`). azurerm
 * has no provider-level default tags, so each resource must carry its own. Not taggable, so not
 * listed: role definitions and assignments, management locks, diagnostic settings, storage
 * containers and their immutability policies, management policies, consumption budgets,
 * federated identity credentials. The cost-tags rule also checks any other azurerm resource
 * that writes a `tags` attribute.
 */
export const AZURE_TAGGABLE_TYPES = [
  "azurerm_resource_group",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_key_vault_secret",
  "azurerm_key_vault_certificate",
  "azurerm_key_vault_managed_hardware_security_module",
  "azurerm_storage_account",
  "azurerm_user_assigned_identity",
  "azurerm_container_registry",
  "azurerm_container_registry_task",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
  "azurerm_function_app_flex_consumption",
  "azurerm_linux_web_app",
  "azurerm_windows_web_app",
  "azurerm_service_plan",
  "azurerm_application_insights",
  "azurerm_log_analytics_workspace",
  "azurerm_servicebus_namespace",
  "azurerm_eventhub_namespace",
  "azurerm_virtual_network",
  "azurerm_network_security_group",
  "azurerm_public_ip",
  "azurerm_private_endpoint",
  "azurerm_private_dns_zone",
  "azurerm_kubernetes_cluster",
  "azurerm_machine_learning_workspace",
  "azurerm_cognitive_account",
  "azurerm_monitor_action_group",
  "azurerm_monitor_activity_log_alert",
  "azurerm_recovery_services_vault",
  "azurerm_data_protection_backup_vault",
  "azurerm_subscription",
] as const;
