/**
 * Bangladeshi name material. Given and family names are grouped by community so that a
 * generated person is plausible ('Sumon Das', never 'Sumon Chowdhury Das'). Every entry is
 * a single title-case word so that a trim|title_case rule leaves clean names unchanged.
 */
export interface NameGroup {
  readonly community: 'muslim' | 'hindu' | 'christian';
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly maleFamily: readonly string[];
  readonly femaleFamily: readonly string[];
}

export const MUSLIM_NAMES: NameGroup = {
  community: 'muslim',
  male: [
    'Rahim', 'Karim', 'Kamal', 'Jamal', 'Rafiq', 'Habib', 'Shahid', 'Anwar', 'Masud', 'Nasir',
    'Sohel', 'Rubel', 'Shakil', 'Tanvir', 'Imran', 'Faruk', 'Jahid', 'Mizanur', 'Aminul',
    'Saiful', 'Ashraful', 'Shafiqul', 'Nurul', 'Harun', 'Alamgir', 'Monir', 'Belal', 'Mamun',
    'Jewel', 'Abdul', 'Abul', 'Mostafa', 'Zahid', 'Rashed', 'Sabbir', 'Hasan', 'Mahbub',
  ],
  female: [
    'Fatema', 'Ayesha', 'Nasrin', 'Shirin', 'Rokeya', 'Salma', 'Shahnaz', 'Rehana', 'Taslima',
    'Farzana', 'Nusrat', 'Sabina', 'Jannatul', 'Sumaiya', 'Tania', 'Rumana', 'Marium',
    'Khadija', 'Hasina', 'Morjina', 'Laila', 'Shamima', 'Nazma', 'Rozina',
  ],
  maleFamily: [
    'Uddin', 'Hossain', 'Rahman', 'Islam', 'Ahmed', 'Ali', 'Khan', 'Chowdhury', 'Miah',
    'Sarkar', 'Talukder', 'Bhuiyan', 'Sheikh', 'Mollah', 'Haque', 'Kabir', 'Alam', 'Siddique',
    'Howlader', 'Patwary', 'Mondal', 'Mridha', 'Sikder',
  ],
  femaleFamily: ['Begum', 'Akter', 'Khatun', 'Sultana', 'Parvin', 'Rahman', 'Islam', 'Chowdhury'],
};

export const HINDU_NAMES: NameGroup = {
  community: 'hindu',
  male: [
    'Sumon', 'Ratan', 'Pradip', 'Dipak', 'Subrata', 'Sujit', 'Amit', 'Biplob', 'Gopal',
    'Shyamal', 'Tapan', 'Ashok', 'Nikhil', 'Uttam', 'Krishna', 'Bimal', 'Anup', 'Sanjoy',
    'Partha', 'Sukanta', 'Haridas', 'Nirmal',
  ],
  female: [
    'Shanta', 'Rina', 'Mitu', 'Puja', 'Rupa', 'Mousumi', 'Anjali', 'Lipika', 'Sumitra',
    'Rekha', 'Mala', 'Shipra', 'Papia', 'Tumpa', 'Joya', 'Bithi', 'Sraboni',
  ],
  maleFamily: [
    'Das', 'Saha', 'Roy', 'Ghosh', 'Dey', 'Sarkar', 'Paul', 'Chakraborty', 'Banik',
    'Bhattacharjee', 'Mondal', 'Biswas', 'Kundu', 'Sen', 'Dutta', 'Nath', 'Barua', 'Pal',
  ],
  femaleFamily: ['Das', 'Saha', 'Roy', 'Ghosh', 'Dey', 'Paul', 'Rani', 'Biswas', 'Sen', 'Dutta'],
};

export const CHRISTIAN_NAMES: NameGroup = {
  community: 'christian',
  male: ['Peter', 'Joseph', 'Anthony', 'Paul', 'Francis', 'Simon', 'Robin'],
  female: ['Maria', 'Ruth', 'Agnes', 'Monica', 'Teresa', 'Shilpi'],
  maleFamily: ['Gomes', 'Rozario', 'Costa', 'Halder', 'Baroi', 'Corraya'],
  femaleFamily: ['Gomes', 'Rozario', 'Costa', 'Halder', 'Baroi', 'Corraya'],
};

/** Muslim fathers' names often carry an honorific; both spellings occur in one register. */
export const MALE_HONORIFICS = ['Mohammad', 'Md.', 'Mohammed', 'Muhammad'] as const;

/**
 * Names as some users typed them, in Bengali script, with the Latin spelling their e-mail
 * address would use.
 */
export const BENGALI_SCRIPT_NAMES: readonly { readonly text: string; readonly latin: readonly [string, string] }[] = [
  { text: 'রহিম উদ্দিন', latin: ['rahim', 'uddin'] },
  { text: 'ফাতেমা বেগম', latin: ['fatema', 'begum'] },
  { text: 'সুমন দাস', latin: ['sumon', 'das'] },
  { text: 'করিম মিয়া', latin: ['karim', 'miah'] },
  { text: 'নাসরিন আক্তার', latin: ['nasrin', 'akter'] },
  { text: 'রতন সাহা', latin: ['ratan', 'saha'] },
  { text: 'মোঃ কামাল হোসেন', latin: ['kamal', 'hossain'] },
  { text: 'আয়েশা খাতুন', latin: ['ayesha', 'khatun'] },
  { text: 'গোপাল ঘোষ', latin: ['gopal', 'ghosh'] },
  { text: 'শাহনাজ পারভীন', latin: ['shahnaz', 'parvin'] },
  { text: 'আব্দুল হক', latin: ['abdul', 'haque'] },
  { text: 'দীপক রায়', latin: ['dipak', 'roy'] },
];

/** Shop-name stems as they appear on Bangladeshi signboards. */
export const SHOP_STEMS = [
  'Bismillah', 'Madina', 'Maa', 'Mayer Doa', 'Sonali', 'Rupali', 'Shapla', 'New', 'Alif',
  'Hazi', 'Jonota', 'Padma', 'Meghna', 'Jamuna', 'Karnaphuli', 'Shah Amanat', 'Shahjalal',
  'Al Amin', 'Baraka', 'Ekota', 'Nobanno', 'Sagor', 'Rongdhonu', 'Bhai Bhai',
] as const;

export const SHOP_KINDS = [
  'Dairy Shop', 'Sweets', 'General Store', 'Departmental Store', 'Super Shop', 'Mistanna Bhandar',
  'Tea Stall', 'Bakery', 'Food Products', 'Milk Supply',
] as const;

export const SUPPLIER_KINDS = [
  'Agro', 'Feed Mills', 'Cattle Farm', 'Veterinary Supplies', 'Packaging', 'Dairy Farm',
  'Fodder Supply', 'Agro Industries',
] as const;
