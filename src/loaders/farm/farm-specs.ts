import type { EntitySpec, FieldSpec, SourceSpec } from '../../rules/spec.ts';

/** The farm app's SQLite file and the Excel register (fixtures/legacy/README.md §3, §4). */
const FARM_APP = 'farm_app';
const farmApp = (table: string, key: string): SourceSpec => ({
  system: FARM_APP,
  table,
  key,
  kind: 'sqlite',
  file: 'farm/farm-app.sqlite',
});

/** Both halves of the farm app's cattle: a pedigree link may point into either. */
export const ANIMAL_ENTITIES = ['active_animals', 'history_animals'] as const;

const WINDOW = {
  name: 'two-year-window',
  description: '000 §1.2 / 001 Day 709: two years of farm records before asOf.',
  window: { years: 2 },
} as const;

const STATES = 'map:active=active,sold=sold,dead=deceased,deceased=deceased,culled=culled';
const GENDERS =
  'map:M=male,F=female,male=male,female=female,bull=male,cow=female,heifer=female,steer=male';

export const breedsSpec: EntitySpec = {
  entity: 'breeds',
  wave: 'wave-2-master-data',
  seedRef: '000 §2.2 wave 2; 001 Day 709 CattleMigration._load_mappings (breeds by name)',
  source: farmApp('breeds', 'breed_id'),
  target: { table: 'farm.breed', legacyKey: 'x_legacy_id' },
  fields: [
    {
      target: 'name',
      source: 'breed_name',
      transforms: 'fix_mojibake|trim|collapse_spaces',
      required: true,
      kind: 'text',
    },
    { target: 'origin', source: 'origin', transforms: 'trim', kind: 'text' },
  ],
  dedupe: { keys: ['name'], strategy: 'skip' },
};

export const barnsSpec: EntitySpec = {
  entity: 'barns',
  wave: 'wave-2-master-data',
  seedRef: '000 §2.2 wave 2; 001 Day 709 barn_map',
  source: farmApp('barns', 'barn_id'),
  target: { table: 'farm.barn', legacyKey: 'x_legacy_id' },
  fields: [
    {
      target: 'name',
      source: 'barn_name',
      transforms: 'fix_mojibake|trim|collapse_spaces',
      required: true,
      kind: 'text',
    },
    { target: 'capacity', source: 'capacity', transforms: 'trim|min:0', kind: 'integer' },
  ],
};

// 000 §7.1 two-pass pedigree: loaded NULL, linked once every animal is in. A parent id that
// no animal of the farm app carries is an orphan (ORPH01), whichever wave would load it.
const parentField = (target: string, source: string): FieldSpec => ({
  target,
  source,
  lookup: { entity: ANIMAL_ENTITIES, deferred: true, onMissing: 'quarantine' },
  kind: 'integer',
  checksum: false,
});

/**
 * cattle -> farm.animal (001 Day 706 "Cattle Registry Mapping", Day 709 CattleMigration):
 * active animals are wave 3 (open: 000 §2.2), sold, dead and culled ones wave 4 history.
 */
export function animalsSpec(active: boolean): EntitySpec {
  const [self, other] = active ? ANIMAL_ENTITIES : [...ANIMAL_ENTITIES].reverse();
  return {
    entity: self ?? '',
    wave: active ? 'wave-3-open-transactions' : 'wave-4-history',
    seedRef: '000 §4.3, §7.1; 001 Day 706, Day 709 CattleMigration',
    source: farmApp('cattle', 'cattle_id'),
    target: { table: 'farm.animal', legacyKey: 'x_legacy_id' },
    scope: [
      {
        name: active ? 'not-active-animal' : 'active-animal-wave-3',
        description: active
          ? 'Wave 3 migrates the animals on the farm; the others are wave 4 history.'
          : 'Active animals were migrated by wave 3.',
        column: 'status',
        ...(active ? { inScopeOnlyWhen: ['active'] } : { outOfScopeWhen: ['active'] }),
        elsewhere: other ?? '',
      },
    ],
    fields: [
      { target: 'tag_number', source: 'tag_number', transforms: 'required|code', kind: 'text' },
      { target: 'rfid_tag', source: 'rfid', transforms: 'trim', kind: 'text' },
      { target: 'name', source: 'name', transforms: 'fix_mojibake|trim', kind: 'text' },
      {
        target: 'breed_id',
        source: 'breed_id',
        lookup: { entity: 'breeds' },
        kind: 'integer',
        checksum: false,
      },
      {
        target: 'barn_id',
        source: 'barn_id',
        lookup: { entity: 'barns' },
        kind: 'integer',
        checksum: false,
      },
      {
        target: 'gender',
        source: 'gender',
        transforms: `trim|${GENDERS}`,
        required: true,
        kind: 'text',
      },
      {
        target: 'date_of_birth',
        source: 'date_of_birth',
        transforms: 'date:dmy|not_future',
        kind: 'date',
      },
      {
        target: 'purchase_date',
        source: 'purchase_date',
        transforms: 'date:dmy|not_future',
        kind: 'date',
      },
      {
        target: 'purchase_price',
        source: 'purchase_price',
        transforms: 'decimal:2|min:0',
        kind: 'decimal2',
      },
      {
        target: 'state',
        source: 'status',
        transforms: `trim|${STATES}`,
        required: true,
        kind: 'text',
      },
      parentField('mother_id', 'mother_id'),
      parentField('father_id', 'father_id'),
    ],
    // Split across two waves, the dedupe still sees the whole table in cattle_id order.
    dedupe: { keys: ['tag_number', 'rfid_tag'], strategy: 'skip' },
  };
}

/**
 * The Excel register (000 §4.3) into the same registry: a row naming an animal the farm app
 * already gave (same RFID or ear tag) is that animal, out of scope by 'same-animal-in-farm-app';
 * the others are new animals. Rows have no key: the sheet row number identifies them.
 */
export const registerAnimalsSpec: EntitySpec = {
  entity: 'register_animals',
  wave: 'wave-4-history',
  seedRef: '000 §4.3 Excel register columns; 001 Day 709',
  source: {
    system: 'farm_register',
    table: 'Register',
    key: '#row',
    kind: 'xlsx',
    file: 'farm/cattle-register.xlsx',
    sheet: 'Register',
    headerIncludes: ['Tag No', 'Animal ID'],
  },
  target: { table: 'farm.animal', legacyKey: 'x_legacy_id' },
  fields: [
    { target: 'rfid_tag', source: 'Tag No', transforms: 'trim', required: true, kind: 'text' },
    { target: 'tag_number', source: 'Animal ID', transforms: 'required|code', kind: 'text' },
    {
      target: 'breed_id',
      source: 'Breed',
      transforms: 'fix_mojibake|slug',
      // A spelling no breed has loads NULL: the register's breed is a note, not a key.
      lookup: {
        entity: 'breeds',
        byTarget: { table: 'farm.breed', column: 'name' },
        onMissing: 'null',
      },
      kind: 'integer',
      checksum: false,
    },
    {
      target: 'gender',
      source: 'Gender',
      transforms: `trim|${GENDERS}`,
      required: true,
      kind: 'text',
    },
    {
      target: 'date_of_birth',
      source: 'Date of Birth',
      transforms: 'date:dmy|not_future',
      kind: 'date',
    },
    {
      target: 'purchase_date',
      source: 'Purchase Date',
      transforms: 'date:dmy|not_future',
      kind: 'date',
    },
    {
      target: 'purchase_price',
      source: 'Purchase Price',
      transforms: 'amount|decimal:2|min:0',
      kind: 'decimal2',
    },
    {
      target: 'state',
      source: 'Current Status',
      transforms: `trim|default:active|${STATES}`,
      kind: 'text',
    },
  ],
  dedupe: {
    keys: ['rfid_tag', 'tag_number'],
    strategy: 'skip',
    againstTarget: true,
    matchedRule: 'same-animal-in-farm-app',
  },
};

const animalField: FieldSpec = {
  target: 'animal_id',
  source: 'cattle_id',
  lookup: { entity: ANIMAL_ENTITIES },
  required: true,
  kind: 'integer',
  checksum: false,
};

const dateField: FieldSpec = {
  target: 'date',
  source: 'record_date',
  transforms: 'date:dmy|not_future',
  required: true,
  kind: 'date',
};

export const healthRecordsSpec: EntitySpec = {
  entity: 'health_records',
  wave: 'wave-4-history',
  seedRef: '000 §2.2 wave 4; 001 Day 709 "Migrate health records"',
  source: farmApp('health_records', 'record_id'),
  target: { table: 'farm.health_record', legacyKey: 'x_legacy_id' },
  scope: [{ ...WINDOW, column: 'record_date' }],
  fields: [
    animalField,
    dateField,
    {
      target: 'record_type',
      source: 'record_type',
      transforms: 'trim|lower',
      required: true,
      kind: 'text',
    },
    { target: 'diagnosis', source: 'diagnosis', transforms: 'trim', kind: 'text' },
    { target: 'treatment', source: 'treatment', transforms: 'trim', kind: 'text' },
    { target: 'veterinarian', source: 'vet_name', transforms: 'trim', kind: 'text' },
    { target: 'cost', source: 'cost', transforms: 'decimal:2|min:0', kind: 'decimal2' },
  ],
};

/** milk_production -> farm.milk_production (001 Day 709 MilkProductionMigration). */
export const milkProductionSpec: EntitySpec = {
  entity: 'milk_production',
  wave: 'wave-4-history',
  seedRef: '001 Day 709 MilkProductionMigration (session morning/evening -> am/pm)',
  source: farmApp('milk_production', 'record_id'),
  target: { table: 'farm.milk_production', legacyKey: 'x_legacy_id' },
  scope: [{ ...WINDOW, column: 'record_date' }],
  fields: [
    animalField,
    dateField,
    {
      target: 'session',
      source: 'session',
      transforms: 'trim|lower|map:morning=am,evening=pm,am=am,pm=pm',
      required: true,
      kind: 'text',
    },
    {
      target: 'quantity',
      source: 'quantity_liters',
      transforms: 'decimal:2|min:0',
      required: true,
      kind: 'decimal2',
    },
    // Above 15% is a lost decimal point (38.0 for 3.8), not a cow: refused, never guessed.
    {
      target: 'fat_percentage',
      source: 'fat_percentage',
      transforms: 'decimal:2|min:0|max:15',
      kind: 'decimal2',
    },
    {
      target: 'snf_percentage',
      source: 'snf_percentage',
      transforms: 'decimal:2|min:0|max:100',
      kind: 'decimal2',
    },
  ],
  // One reading per animal, date and session: a second one is a duplicate entry. The target's
  // UNIQUE constraint finds it, so the load holds no key per reading (flat memory).
  dedupe: { keys: [['animal_id', 'date', 'session']], strategy: 'skip', enforcedByTarget: true },
};
