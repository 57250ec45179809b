export {
  FIELD_CLASSIFICATION,
  type FieldClass,
  classifyField,
  maskIdNumber,
  maskPersonName,
  maskPhone,
  toPublicView,
  redactedPointers,
  toSupervisorView,
  INTERNAL_METADATA_FIELDS,
  type PublicEventView,
} from './redaction';
