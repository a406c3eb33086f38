/**
 * The ten cities the cleansing rules know (seed 000 §5.3 parse_address), with areas and
 * their postal codes, and the landline area code of each city.
 */
export interface BdCity {
  readonly name: string;
  readonly areaCode: string;
  /** Relative share of customers; the dairy sells mostly around Dhaka. */
  readonly weight: number;
  readonly areas: readonly (readonly [area: string, postalCode: string])[];
}

export const BD_CITIES: readonly BdCity[] = [
  {
    name: 'Dhaka',
    areaCode: '02',
    weight: 40,
    areas: [
      ['Dhanmondi', '1205'],
      ['Gulshan', '1212'],
      ['Mirpur', '1216'],
      ['Uttara', '1230'],
      ['Mohammadpur', '1207'],
      ['Motijheel', '1000'],
      ['Banani', '1213'],
      ['Badda', '1212'],
      ['Lalbagh', '1211'],
      ['Tejgaon', '1215'],
      ['Shantinagar', '1217'],
      ['Jatrabari', '1204'],
    ],
  },
  {
    name: 'Chittagong',
    areaCode: '031',
    weight: 12,
    areas: [
      ['Agrabad', '4100'],
      ['Panchlaish', '4203'],
      ['Halishahar', '4216'],
      ['Pahartali', '4202'],
      ['Chawkbazar', '4203'],
    ],
  },
  {
    name: 'Khulna',
    areaCode: '041',
    weight: 6,
    areas: [
      ['Sonadanga', '9100'],
      ['Khalishpur', '9000'],
      ['Daulatpur', '9202'],
    ],
  },
  {
    name: 'Rajshahi',
    areaCode: '0721',
    weight: 5,
    areas: [
      ['Boalia', '6100'],
      ['Shaheb Bazar', '6100'],
      ['Motihar', '6206'],
    ],
  },
  {
    name: 'Sylhet',
    areaCode: '0821',
    weight: 5,
    areas: [
      ['Zindabazar', '3100'],
      ['Amberkhana', '3100'],
      ['Subhanighat', '3100'],
    ],
  },
  {
    name: 'Barisal',
    areaCode: '0431',
    weight: 4,
    areas: [
      ['Sadar Road', '8200'],
      ['Nathullabad', '8200'],
      ['Rupatali', '8200'],
    ],
  },
  {
    name: 'Rangpur',
    areaCode: '0521',
    weight: 4,
    areas: [
      ['Dhap', '5400'],
      ['Jahaj Company More', '5400'],
      ['Lalbagh', '5402'],
    ],
  },
  {
    name: 'Comilla',
    areaCode: '081',
    weight: 5,
    areas: [
      ['Kandirpar', '3500'],
      ['Tomchom Bridge', '3500'],
      ['Chawkbazar', '3500'],
    ],
  },
  {
    name: 'Narayanganj',
    areaCode: '02',
    weight: 8,
    areas: [
      ['Chashara', '1400'],
      ['Fatullah', '1420'],
      ['Siddhirganj', '1430'],
    ],
  },
  {
    name: 'Gazipur',
    areaCode: '02',
    weight: 11,
    areas: [
      ['Tongi', '1710'],
      ['Joydebpur', '1700'],
      ['Board Bazar', '1704'],
      ['Kaliakair', '1750'],
    ],
  },
];

export const BD_CITY_NAMES: readonly string[] = BD_CITIES.map((c) => c.name);

/** Villages for farmers' addresses ('Vill: ..., P.O: ...'). */
export const BD_VILLAGES = [
  'Charpara',
  'Baliadi',
  'Kathalbagan',
  'Nayapara',
  'Shimulia',
  'Kashimpur',
  'Bhawal',
  'Madhupur',
  'Shreepur',
  'Dakshinkhan',
  'Borobari',
  'Kachua',
] as const;

/** Mobile operator prefixes after the leading 0 (GP 017/013, Robi 018, Banglalink 019/014, Teletalk 015, Airtel 016). */
export const BD_OPERATOR_PREFIXES = ['17', '13', '18', '19', '14', '15', '16'] as const;
