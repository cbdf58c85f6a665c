/**
 * TypeScript types derived at the type level from the `as const` schema data (docs/decisions/0002):
 * there is no generated file to keep in sync; changing the schema changes these types.
 *
 * Value shape (the contract with the other rooms): plain objects keyed by element local name; repeated
 * elements are arrays; xsd:int/long → number; xsd:boolean → boolean; xsd:date → 'YYYY-MM-DD';
 * base64Binary → base64 string; absent element → property absent; xsi:nil → null (only where nillable).
 */
import type { OX_TYPES, OX_SERVICES, ServiceName, TypeKey, OperationName } from './schema/index.js';

type Types = typeof OX_TYPES;
type Services = typeof OX_SERVICES;

interface SimpleValues {
  string: string;
  int: number;
  long: number;
  boolean: boolean;
  date: string;
  base64Binary: string;
  anyType: unknown;
}

type ValueOfType<T> = T extends keyof SimpleValues ? SimpleValues[T] : T extends TypeKey ? OxObject<T> : never;

type MemberValue<M> = M extends readonly [string, infer T, ...infer Flags]
  ? 'many' extends Flags[number]
    ? ValueOfType<T>[]
    : ValueOfType<T> | ('notNil' extends Flags[number] ? never : null)
  : never;

type MembersObject<Ms extends readonly (readonly unknown[])[]> = {
  [M in Ms[number] as M[0] & string]?: MemberValue<M>;
};

/** The decoded/encodable value of schema type K. */
export type OxObject<K extends TypeKey> = Types[K] extends {
  omitFrom: infer F extends TypeKey;
  omit: infer O extends readonly string[];
}
  ? Omit<OxObject<F>, O[number]>
  : MembersObject<Types[K]['members']>;

export type User = OxObject<'User'>;
/** `User` as OXContextService / OXGroupService / OXUserCopyService know it. */
export type UserCore = OxObject<'UserCore'>;
export type Context = OxObject<'Context'>;
export type Group = OxObject<'Group'>;
export type Resource = OxObject<'Resource'>;
export type ResourcePermission = OxObject<'ResourcePermission'>;
export type Credentials = OxObject<'Credentials'>;
export type UserModuleAccess = OxObject<'UserModuleAccess'>;
export type Database = OxObject<'Database'>;
export type Filestore = OxObject<'Filestore'>;
export type Entry = OxObject<'Entry'>;
export type SOAPStringMap = OxObject<'SOAPStringMap'>;
export type SOAPMapEntry = OxObject<'SOAPMapEntry'>;
export type SOAPStringMapMap = OxObject<'SOAPStringMapMap'>;
export type Quota = OxObject<'Quota'>;
export type SchemaSelectStrategy = OxObject<'SchemaSelectStrategy'>;
export type AccountDataOnCreate = OxObject<'AccountDataOnCreate'>;
export type AccountDataUpdate = OxObject<'AccountDataUpdate'>;
export type Account = OxObject<'Account'>;
export type Server = OxObject<'Server'>;
export type MaintenanceReason = OxObject<'MaintenanceReason'>;
export type CheckedDatabases = OxObject<'CheckedDatabases'>;

type OperationSpec<S extends ServiceName, O extends OperationName<S>> = Services[S]['operations'][O];

/** The request arguments of an operation: one property per request child, named like the element. */
export type OxArgs<S extends ServiceName, O extends OperationName<S>> =
  OperationSpec<S, O> extends { request: infer R extends readonly (readonly unknown[])[] } ? MembersObject<R> : never;

/** What `call` resolves to: the decoded `return` (wrapped operations) or undefined (bare operations). */
export type OxResult<S extends ServiceName, O extends OperationName<S>> =
  OperationSpec<S, O> extends { response: infer R extends readonly unknown[] }
    ? MemberValue<readonly ['return', ...R]> extends infer V
      ? // A list response with no elements decodes as []; a single `return` may be nil.
        V
      : never
    : undefined;

/** The members of an operation's single `return` object that a caller may ask for alone (`only`). */
export type OxResultMember<S extends ServiceName, O extends OperationName<S>> = keyof OxResultItem<S, O> & string;

/** The `return` object, or the type of each item of a list `return`. */
export type OxResultItem<S extends ServiceName, O extends OperationName<S>> =
  NonNullable<OxResult<S, O>> extends readonly (infer Item)[] ? NonNullable<Item> : NonNullable<OxResult<S, O>>;

/**
 * What `call(…, { only })` resolves to: just those members of the `return` object (or undefined), or of each
 * item of a list `return` (decision 0310).
 */
export type OxPartialResult<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>> =
  NonNullable<OxResult<S, O>> extends readonly unknown[]
    ? Pick<OxResultItem<S, O>, K>[]
    : Pick<OxResultItem<S, O>, K> | undefined;

/**
 * One schema-typed SOAP call, as OxClient offers it and as callers that wrap or fake it implement it: a misspelt
 * service, operation or argument member does not compile, and the result has the schema's type.
 */
export interface OxCall {
  call<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
  ): Promise<OxResult<S, O>>;
  /** The same, decoding only the named members of the `return` object or of each list item (decisions 0115, 0310). */
  call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
    options: { readonly only: readonly K[] },
  ): Promise<OxPartialResult<S, O, K>>;
}
