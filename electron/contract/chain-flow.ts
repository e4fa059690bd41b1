// The Kerberos flows a ticket chain can show, and the one name each goes by — in the app, the CLI and every
// report. Pure (no imports): the renderer uses it at run time, report.ts builds the chain's schema from it.
// Microsoft's names for the two Entra flows: "modern interactive flow" and "incoming trust-based flow"
// (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-modern-interactive-flow,
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow).

export const CHAIN_FLOWS = ['trust', 'cloud', 'single-realm', 'incomplete'] as const;
export type ChainFlow = (typeof CHAIN_FLOWS)[number];

export const FLOW_LABEL: Readonly<Record<ChainFlow, string>> = {
  trust: 'Trust-based flow (your domain refers you to Microsoft Entra Kerberos)',
  cloud: 'Modern flow (a Kerberos ticket from Microsoft Entra ID at sign-in)',
  'single-realm': 'Single realm',
  incomplete: 'Incomplete chain',
};
