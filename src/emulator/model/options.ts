// The OX setup the emulator imitates. Every flag defaults to the OX configuration the connector documents
// (the app's manual, §1.1.1); flags that the connector's documentation does not mention default to
// OX's shipped configuration. See docs/emulator.md and decisions 0010–0019.

export interface OxModelOptions {
  masterAdmin: string;
  masterPassword: string;
  /** com.openexchange.user.enforceUniqueDisplayName — the connector requires false (manual 1.1.1). */
  uniqueDisplayNames: boolean;
  /** USERNAME_CHANGEABLE — the connector renames users with `change` (scenario 12), so its OX has true. */
  allowLoginNameChange?: boolean;
  /** PRIMARY_MAIL_UNCHANGEABLE — shipped false; the connector changes primary addresses (scenario 14). */
  primaryMailUnchangeable?: boolean;
  /** MASTER_ACCOUNT_OVERRIDE — shipped false: context services want the context admin. */
  masterAccountOverride?: boolean;
  /** CHECK_USER_UID_FOR_NOT_ALLOWED_CHARS — shipped true (login names limited to [$@%.+a-zA-Z0-9_-]). */
  checkUserNameChars?: boolean;
  /** ALLOW_CHANGING_QUOTA_IF_NO_FILESTORE_SET — true here: the connector sends maxQuota on every change. */
  allowQuotaWithoutFilestore?: boolean;
  /** com.openexchange.admin.enableAdminMailChecks — shipped false: the context admin's addresses are not checked on change. */
  adminMailChecks?: boolean;
  /** DEFAULT_TIMEZONE */
  defaultTimezone?: string;
  /** DEFAULT_PASSWORD_MECHANISM */
  defaultPasswordMech?: string;
}

export type ResolvedOptions = Required<OxModelOptions>;

export function resolveOptions(options: OxModelOptions): ResolvedOptions {
  return {
    allowLoginNameChange: true,
    primaryMailUnchangeable: false,
    masterAccountOverride: false,
    checkUserNameChars: true,
    allowQuotaWithoutFilestore: true,
    adminMailChecks: false,
    defaultTimezone: 'Europe/Berlin',
    defaultPasswordMech: '{SHA-256}',
    ...stripUndefined(options),
    masterAdmin: options.masterAdmin,
    masterPassword: options.masterPassword,
    uniqueDisplayNames: options.uniqueDisplayNames ?? false,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
