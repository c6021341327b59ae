/** Made-up buyers and real-looking places for sandbox orders: real cities and postcodes, invented people. */

export const FIRST_NAMES = [
  'Ava',
  'Mateo',
  'Priya',
  'Noah',
  'Chiara',
  'Kwame',
  'Sofia',
  'Liam',
  'Mei',
  'Diego',
  'Amara',
  'Jonas',
  'Leila',
  'Omar',
  'Hannah',
  'Ravi',
  'Elena',
  'Tomás',
  'Yuki',
  'Grace',
] as const;

export const LAST_NAMES = [
  'Okafor',
  'Lindqvist',
  'Ramirez',
  'Nguyen',
  'Kowalski',
  'Haddad',
  'Brennan',
  'Moreau',
  'Patel',
  'Schmidt',
  'Tanaka',
  'Osei',
  'Rossi',
  'Fischer',
  'Costa',
  'Walsh',
  'Iyer',
  'Novak',
  'Adeyemi',
  'Larsen',
] as const;

export const STREETS = [
  'Maple Avenue',
  'Oak Street',
  'Cedar Lane',
  'Pine Road',
  'Elm Street',
  'Lakeview Drive',
  'Hillcrest Road',
  'Washington Street',
  'Park Avenue',
  'Sunset Boulevard',
  'River Road',
  'Highland Avenue',
] as const;

export interface SandboxPlace {
  city: string;
  region: string;
  postal_code: string;
  lat: number;
  lng: number;
}

export const PLACES: readonly SandboxPlace[] = [
  { city: 'Seattle', region: 'WA', postal_code: '98101', lat: 47.6101, lng: -122.3344 },
  { city: 'Portland', region: 'OR', postal_code: '97205', lat: 45.5202, lng: -122.6869 },
  { city: 'San Francisco', region: 'CA', postal_code: '94103', lat: 37.7725, lng: -122.4091 },
  { city: 'Los Angeles', region: 'CA', postal_code: '90012', lat: 34.0614, lng: -118.2385 },
  { city: 'Denver', region: 'CO', postal_code: '80202', lat: 39.7528, lng: -104.9992 },
  { city: 'Austin', region: 'TX', postal_code: '78701', lat: 30.2711, lng: -97.7437 },
  { city: 'Chicago', region: 'IL', postal_code: '60601', lat: 41.8858, lng: -87.6181 },
  { city: 'Minneapolis', region: 'MN', postal_code: '55401', lat: 44.9847, lng: -93.2705 },
  { city: 'Atlanta', region: 'GA', postal_code: '30303', lat: 33.7527, lng: -84.3925 },
  { city: 'Miami', region: 'FL', postal_code: '33130', lat: 25.7677, lng: -80.2044 },
  { city: 'Boston', region: 'MA', postal_code: '02108', lat: 42.3576, lng: -71.0637 },
  { city: 'New York', region: 'NY', postal_code: '10001', lat: 40.7506, lng: -73.9972 },
  { city: 'Philadelphia', region: 'PA', postal_code: '19103', lat: 39.9522, lng: -75.1742 },
  { city: 'Nashville', region: 'TN', postal_code: '37203', lat: 36.1505, lng: -86.7934 },
];
