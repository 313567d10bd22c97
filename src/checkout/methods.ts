/**
 * The simulated payment methods of the checkout page: the stPaymentMethodFee code the activation
 * carries, and the fee the PSP charges (sent in the outcome's details, shown on the page).
 */
export const PAYMENT_METHODS = [
  { code: 'CP', it: 'Carta di credito o debito', en: 'Credit or debit card', feeCents: 100 },
  { code: 'PPAL', it: 'PayPal', en: 'PayPal', feeCents: 150 },
  { code: 'JIF', it: 'BANCOMAT Pay', en: 'BANCOMAT Pay', feeCents: 50 },
  { code: 'MYBK', it: 'MyBank', en: 'MyBank', feeCents: 80 },
] as const;
export type PaymentMethodCode = (typeof PAYMENT_METHODS)[number]['code'];

export const methodByCode = (code: unknown) => PAYMENT_METHODS.find((m) => m.code === code);
