/**
 * The station checks every receipt against the log key it pinned at provisioning
 * (spec/stations.md §4) with @evident/record's one entry-receipt check; the names the station
 * has always exported stay.
 * @module
 */
export {
  type EntryReceipt,
  type EntryReceiptCheck as ReceiptCheck,
  type EntryReceiptContext as ReceiptContext,
  checkEntryReceipt as checkReceipt,
} from '@evident/record';
