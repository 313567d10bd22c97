import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Request bodies of the EC-facing archive APIs, as our own JSON schemas, wire-compatible with the
 * official `paCreatePosition.json` (NewDebtPositionRequest) and `gpd-4-aca.json` (PaymentPositionModel,
 * AlreadyPaidPaymentOptionModel). Unknown properties are ignored, as the official Spring services do;
 * read-only ones (status, paymentDate, notificationFee) are accepted and ignored.
 */
const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true });
addFormats(ajv);

export interface NewDebtPositionRequest {
  paFiscalCode: string;
  entityType: 'F' | 'G';
  entityFiscalCode: string;
  entityFullName: string;
  iuv: string;
  nav?: string;
  amount: number;
  description: string;
  expirationDate: string;
  iban?: string;
  postalIban?: string;
  switchToExpired: boolean;
  payStandIn: boolean;
}

const text = (min: number, max?: number) => ({ type: 'string', minLength: min, ...(max !== undefined ? { maxLength: max } : {}) }) as const;

const newDebtPositionRequest = {
  type: 'object',
  required: ['paFiscalCode', 'entityType', 'entityFiscalCode', 'entityFullName', 'iuv', 'amount', 'description', 'expirationDate'],
  properties: {
    paFiscalCode: text(11, 11),
    entityType: { type: 'string', enum: ['F', 'G'] },
    entityFiscalCode: text(2),
    entityFullName: text(1, 255),
    iuv: text(1, 255),
    nav: text(1, 255),
    amount: { type: 'integer', minimum: 0, maximum: 99999999999 },
    description: text(1, 255),
    expirationDate: { type: 'string', format: 'date-time' },
    iban: text(27, 27),
    postalIban: text(27, 27),
    switchToExpired: { type: 'boolean', default: false },
    payStandIn: { type: 'boolean', default: true },
  },
};

export interface KeyValue {
  key: string;
  value: string;
}
export interface StampModel {
  hashDocument: string;
  stampType: string;
  provincialResidence: string;
}
export interface TransferModel {
  idTransfer: '1' | '2' | '3' | '4' | '5';
  amount: number;
  organizationFiscalCode?: string;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: StampModel;
  companyName?: string;
  transferMetadata?: KeyValue[];
}
export interface PaymentOptionModel {
  nav?: string;
  iuv: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  retentionDate?: string;
  fee?: number;
  transfer?: TransferModel[];
  paymentOptionMetadata?: KeyValue[];
}
export interface PaymentPositionModel {
  iupd: string;
  type: 'F' | 'G';
  payStandIn: boolean;
  fiscalCode: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  province?: string;
  region?: string;
  country?: string;
  email?: string;
  phone?: string;
  switchToExpired: boolean;
  companyName: string;
  officeName?: string;
  validityDate?: string;
  paymentOption?: PaymentOptionModel[];
}

const keyValues = { type: 'array', maxItems: 10, items: { type: 'object', required: ['key', 'value'], properties: { key: text(0, 140), value: text(0, 140) } } };

const transferModel = {
  type: 'object',
  required: ['amount', 'category', 'idTransfer', 'remittanceInformation'],
  properties: {
    idTransfer: { type: 'string', enum: ['1', '2', '3', '4', '5'] },
    amount: { type: 'integer', minimum: 1 },
    organizationFiscalCode: { type: 'string' },
    remittanceInformation: text(0, 140),
    category: { type: 'string' },
    iban: { type: 'string', minLength: 1, maxLength: 35, pattern: '^[A-Za-z0-9]{1,35}$' },
    postalIban: { type: 'string', minLength: 1, maxLength: 35, pattern: '^$|^[A-Za-z0-9]{1,35}$' },
    stamp: {
      type: 'object',
      required: ['hashDocument', 'provincialResidence', 'stampType'],
      properties: { hashDocument: text(0, 72), stampType: text(2, 2), provincialResidence: { type: 'string', pattern: '^[A-Z]{2}$' } },
    },
    companyName: text(0, 140),
    transferMetadata: keyValues,
  },
};

const paymentOptionModel = {
  type: 'object',
  required: ['amount', 'description', 'dueDate', 'isPartialPayment', 'iuv'],
  properties: {
    nav: { type: 'string' },
    iuv: { type: 'string' },
    amount: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    isPartialPayment: { type: 'boolean' },
    dueDate: { type: 'string', format: 'date-time' },
    retentionDate: { type: 'string', format: 'date-time' },
    fee: { type: 'integer', minimum: 0 },
    notificationFee: { type: 'integer' },
    transfer: { type: 'array', items: transferModel },
    paymentOptionMetadata: keyValues,
  },
};

const paymentPositionModel = {
  type: 'object',
  required: ['companyName', 'fiscalCode', 'fullName', 'iupd', 'switchToExpired', 'type'],
  properties: {
    iupd: { type: 'string' },
    type: { type: 'string', enum: ['F', 'G'] },
    payStandIn: { type: 'boolean', default: true },
    fiscalCode: { type: 'string' },
    fullName: { type: 'string' },
    streetName: { type: 'string' },
    civicNumber: { type: 'string' },
    postalCode: { type: 'string' },
    city: { type: 'string' },
    province: { type: 'string' },
    region: { type: 'string' },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    email: { type: 'string' },
    phone: { type: 'string' },
    switchToExpired: { type: 'boolean', default: false },
    companyName: text(0, 140),
    officeName: text(0, 140),
    validityDate: { type: 'string', format: 'date-time' },
    paymentOption: { type: 'array', items: paymentOptionModel },
  },
};

export interface AlreadyPaidPaymentOptionModel {
  paymentDate?: string;
}
const alreadyPaid = { type: 'object', properties: { paymentDate: { type: 'string', format: 'date-time' } } };

export const validateNewDebtPosition = ajv.compile<NewDebtPositionRequest>(newDebtPositionRequest);
export const validatePaymentPosition = ajv.compile<PaymentPositionModel>(paymentPositionModel);
export const validateAlreadyPaid = ajv.compile<AlreadyPaidPaymentOptionModel>(alreadyPaid);

/** The first error as one sentence naming the field, e.g. `paymentOption[0].transfer[1].iban must match pattern "…"`. */
export function describeError(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'invalid request body';
  const path = e.instancePath
    .replace(/^\//, '')
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing} is required`;
  }
  if (e.keyword === 'enum') return `${path || 'body'} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path || 'body'} ${e.message ?? 'is invalid'}`;
}

export type { ValidateFunction, JSONSchemaType };
