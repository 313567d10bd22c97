/** What /admin answers: one typed view and mapper per resource, split by what they show (views/). */
export type { Iso, PageView } from './views/viewValues';
export * from './views/journalView';
export * from './views/positionViews';
export * from './views/paymentViews';
export * from './views/receiptViews';
export * from './views/outboxView';
