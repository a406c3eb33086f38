/** The farm app's breeds (ids 1..n) with origin and average yield in litres/day. */
export const BREEDS: readonly { name: string; origin: string; yield: string }[] = [
  { name: 'Holstein Friesian', origin: 'Netherlands', yield: '18.5' },
  { name: 'Holstein Cross', origin: 'Bangladesh', yield: '12.0' },
  { name: 'Sahiwal', origin: 'Pakistan', yield: '9.5' },
  { name: 'Red Chittagong', origin: 'Bangladesh', yield: '4.5' },
  { name: 'Jersey', origin: 'Jersey', yield: '14.0' },
  { name: 'Jersey Cross', origin: 'Bangladesh', yield: '10.0' },
  { name: 'Pabna Cattle', origin: 'Bangladesh', yield: '5.5' },
  { name: 'Deshi', origin: 'Bangladesh', yield: '3.0' },
];

export const COW_NAMES = [
  'Lali',
  'Dholi',
  'Kali',
  'Shyamoli',
  'Ranga',
  'Moyna',
  'Bokul',
  'Champa',
  'Shapla',
  'Sonali',
  'Rupali',
  'Chumki',
  'Pori',
  'Mala',
  'Jhumur',
  'Tuni',
  'Koli',
  'Beli',
];
export const BULL_NAMES = ['Raja', 'Sultan', 'Bahadur', 'Kalu', 'Bagha', 'Tiger', 'Shera', 'Lalu'];
/** Bengali-script names as farm hands typed them into the app. */
export const BENGALI_COW_NAMES = [
  'লালী',
  'ধলী',
  'কালী',
  'শ্যামলী',
  'ময়না',
  'চম্পা',
  'শাপলা',
  'সোনালী',
];

export const VETS = [
  'Dr. Rafiqul Islam',
  'Dr. Sharmin Akter',
  'Dr. Dipak Roy',
  'Dr. Habibur Rahman',
];
export const MILKERS = ['Abdul', 'Karim', 'Sumon', 'Rina', 'Jamal', 'Ratan'];
export const HEALTH_TYPES = [
  'vaccination',
  'treatment',
  'checkup',
  'deworming',
  'pregnancy_check',
] as const;
export const DIAGNOSES: Record<(typeof HEALTH_TYPES)[number], readonly (string | null)[]> = {
  vaccination: [null],
  treatment: ['Mastitis', 'Foot rot', 'Milk fever', 'Bloat', 'Diarrhoea', 'Fever'],
  checkup: ['Healthy', 'Underweight', null],
  deworming: [null],
  pregnancy_check: ['Pregnant', 'Not pregnant'],
};
export const MEDICINES: Record<(typeof HEALTH_TYPES)[number], readonly string[]> = {
  vaccination: ['FMD Vaccine', 'Anthrax Vaccine', 'HS Vaccine', 'LSD Vaccine'],
  treatment: ['Oxytetracycline Inj', 'Mastitis Tube', 'Calcium Borogluconate', 'Meloxicam'],
  checkup: ['Vitamin AD3E', 'Mineral Mixture'],
  deworming: ['Ivermectin', 'Albendazole Bolus'],
  pregnancy_check: ['None'],
};
