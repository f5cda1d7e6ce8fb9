import { v5 as uuidv5 } from 'uuid';

import { OrganizationKind } from '../contracts/organization-kind.js';

/** Demo ids are derived from stable keys, so demo tokens stay valid across restarts. */
const NAMESPACE = '6f1c0b8e-3f0a-4c55-9d1e-2a7b5c9e4d10';
export const demoId = (key: string): string => uuidv5(key, NAMESPACE);

export interface DemoRegulator {
  key: string;
  nameTh: string;
  nameEn: string;
  sectors: string[];
  notificationDeadlineHours: number;
}

export const DEMO_REGULATORS: DemoRegulator[] = [
  { key: 'bot', nameTh: 'ธนาคารแห่งประเทศไทย', nameEn: 'Bank of Thailand', sectors: ['BANKING_FINANCE'], notificationDeadlineHours: 2 },
  {
    key: 'sec',
    nameTh: 'สำนักงานคณะกรรมการกำกับหลักทรัพย์และตลาดหลักทรัพย์',
    nameEn: 'Securities and Exchange Commission',
    sectors: ['BANKING_FINANCE'],
    notificationDeadlineHours: 24,
  },
  {
    key: 'nbtc',
    nameTh: 'สำนักงานคณะกรรมการกิจการกระจายเสียง กิจการโทรทัศน์ และกิจการโทรคมนาคมแห่งชาติ',
    nameEn: 'Office of the National Broadcasting and Telecommunications Commission',
    sectors: ['IT_TELECOM'],
    notificationDeadlineHours: 6,
  },
  {
    key: 'erc',
    nameTh: 'สำนักงานคณะกรรมการกำกับกิจการพลังงาน',
    nameEn: 'Office of the Energy Regulatory Commission',
    sectors: ['ENERGY_UTILITIES'],
    notificationDeadlineHours: 12,
  },
  { key: 'mot', nameTh: 'กระทรวงคมนาคม', nameEn: 'Ministry of Transport', sectors: ['TRANSPORT_LOGISTICS'], notificationDeadlineHours: 12 },
  {
    key: 'moph',
    nameTh: 'กระทรวงสาธารณสุข',
    nameEn: 'Ministry of Public Health',
    sectors: ['PUBLIC_HEALTH'],
    notificationDeadlineHours: 24,
  },
  {
    key: 'nsc',
    nameTh: 'สำนักงานสภาความมั่นคงแห่งชาติ',
    nameEn: 'Office of the National Security Council',
    sectors: ['NATIONAL_SECURITY'],
    notificationDeadlineHours: 4,
  },
  {
    key: 'dga',
    nameTh: 'สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)',
    nameEn: 'Digital Government Development Agency',
    sectors: ['PUBLIC_SERVICES', 'OTHER'],
    notificationDeadlineHours: 24,
  },
];

export interface DemoOrganization {
  key: string;
  nameTh: string;
  nameEn: string;
  kind: OrganizationKind;
  sector: string | null;
  regulator: string | null;
  mission: string;
  province: string;
  domain: string;
}

const CII = OrganizationKind.CII_ORGANIZATION;
const GOV = OrganizationKind.GOVERNMENT_AGENCY;

/** Fictional organizations (names and domains are invented; `.example` never resolves). */
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'krungsiam-bank',
    nameTh: 'ธนาคารกรุงสยาม จำกัด (มหาชน)',
    nameEn: 'Krung Siam Bank PCL',
    kind: CII,
    sector: 'BANKING_FINANCE',
    regulator: 'bot',
    mission: 'ธนาคารพาณิชย์และบริการชำระเงิน',
    province: 'กรุงเทพมหานคร',
    domain: 'krungsiam-bank.example',
  },
  {
    key: 'chaophraya-bank',
    nameTh: 'ธนาคารเจ้าพระยา จำกัด (มหาชน)',
    nameEn: 'Chao Phraya Bank PCL',
    kind: CII,
    sector: 'BANKING_FINANCE',
    regulator: 'bot',
    mission: 'ธนาคารพาณิชย์',
    province: 'กรุงเทพมหานคร',
    domain: 'chaophraya-bank.example',
  },
  {
    key: 'lanna-savings',
    nameTh: 'ธนาคารออมทรัพย์ล้านนา',
    nameEn: 'Lanna Savings Bank',
    kind: CII,
    sector: 'BANKING_FINANCE',
    regulator: 'bot',
    mission: 'ธนาคารเฉพาะกิจเพื่อการออม',
    province: 'เชียงใหม่',
    domain: 'lanna-savings.example',
  },
  {
    key: 'siam-clearing',
    nameTh: 'บริษัท สยามเคลียริ่งเฮาส์ จำกัด',
    nameEn: 'Siam Clearing House Co., Ltd.',
    kind: CII,
    sector: 'BANKING_FINANCE',
    regulator: 'sec',
    mission: 'สำนักหักบัญชีหลักทรัพย์',
    province: 'กรุงเทพมหานคร',
    domain: 'siam-clearing.example',
  },
  {
    key: 'andaman-securities',
    nameTh: 'บริษัทหลักทรัพย์ อันดามัน จำกัด (มหาชน)',
    nameEn: 'Andaman Securities PCL',
    kind: CII,
    sector: 'BANKING_FINANCE',
    regulator: 'sec',
    mission: 'นายหน้าซื้อขายหลักทรัพย์',
    province: 'กรุงเทพมหานคร',
    domain: 'andaman-securities.example',
  },
  {
    key: 'thai-telelink',
    nameTh: 'บริษัท ไทยเทเลลิงก์ จำกัด (มหาชน)',
    nameEn: 'Thai Telelink PCL',
    kind: CII,
    sector: 'IT_TELECOM',
    regulator: 'nbtc',
    mission: 'โทรศัพท์เคลื่อนที่และอินเทอร์เน็ต',
    province: 'นนทบุรี',
    domain: 'thai-telelink.example',
  },
  {
    key: 'mekong-fibre',
    nameTh: 'บริษัท แม่โขงไฟเบอร์ จำกัด',
    nameEn: 'Mekong Fibre Co., Ltd.',
    kind: CII,
    sector: 'IT_TELECOM',
    regulator: 'nbtc',
    mission: 'โครงข่ายใยแก้วนำแสง',
    province: 'ขอนแก่น',
    domain: 'mekong-fibre.example',
  },
  {
    key: 'siam-ix',
    nameTh: 'บริษัท สยามอินเทอร์เน็ตเอ็กซ์เชนจ์ จำกัด',
    nameEn: 'Siam Internet Exchange Co., Ltd.',
    kind: CII,
    sector: 'IT_TELECOM',
    regulator: 'nbtc',
    mission: 'จุดแลกเปลี่ยนอินเทอร์เน็ต',
    province: 'กรุงเทพมหานคร',
    domain: 'siam-ix.example',
  },
  {
    key: 'northern-power',
    nameTh: 'การไฟฟ้าภาคเหนือตัวอย่าง',
    nameEn: 'Northern Power Authority (demo)',
    kind: CII,
    sector: 'ENERGY_UTILITIES',
    regulator: 'erc',
    mission: 'จำหน่ายไฟฟ้า',
    province: 'เชียงใหม่',
    domain: 'northern-power.example',
  },
  {
    key: 'gulf-gas',
    nameTh: 'บริษัท อ่าวไทยแก๊สขนส่ง จำกัด (มหาชน)',
    nameEn: 'Gulf of Thailand Gas Transmission PCL',
    kind: CII,
    sector: 'ENERGY_UTILITIES',
    regulator: 'erc',
    mission: 'ระบบท่อส่งก๊าซธรรมชาติ',
    province: 'ระยอง',
    domain: 'gulf-gas.example',
  },
  {
    key: 'metro-water',
    nameTh: 'การประปานครหลวงตัวอย่าง',
    nameEn: 'Metropolitan Waterworks (demo)',
    kind: CII,
    sector: 'ENERGY_UTILITIES',
    regulator: 'erc',
    mission: 'ผลิตและจ่ายน้ำประปา',
    province: 'กรุงเทพมหานคร',
    domain: 'metro-water.example',
  },
  {
    key: 'suvarna-airports',
    nameTh: 'บริษัท สุวรรณท่าอากาศยาน จำกัด (มหาชน)',
    nameEn: 'Suvarna Airports PCL',
    kind: CII,
    sector: 'TRANSPORT_LOGISTICS',
    regulator: 'mot',
    mission: 'บริหารท่าอากาศยาน',
    province: 'สมุทรปราการ',
    domain: 'suvarna-airports.example',
  },
  {
    key: 'siam-rail',
    nameTh: 'การรถไฟสยามตัวอย่าง',
    nameEn: 'Siam Railway (demo)',
    kind: CII,
    sector: 'TRANSPORT_LOGISTICS',
    regulator: 'mot',
    mission: 'ขนส่งทางราง',
    province: 'กรุงเทพมหานคร',
    domain: 'siam-rail.example',
  },
  {
    key: 'laem-port',
    nameTh: 'บริษัท ท่าเรือแหลมทอง จำกัด',
    nameEn: 'Laem Thong Port Co., Ltd.',
    kind: CII,
    sector: 'TRANSPORT_LOGISTICS',
    regulator: 'mot',
    mission: 'ท่าเรือและโลจิสติกส์',
    province: 'ชลบุรี',
    domain: 'laem-port.example',
  },
  {
    key: 'rattanakosin-hospital',
    nameTh: 'โรงพยาบาลรัตนโกสินทร์',
    nameEn: 'Rattanakosin Hospital',
    kind: CII,
    sector: 'PUBLIC_HEALTH',
    regulator: 'moph',
    mission: 'โรงพยาบาลระดับตติยภูมิ',
    province: 'กรุงเทพมหานคร',
    domain: 'rattanakosin-hospital.example',
  },
  {
    key: 'isan-medical',
    nameTh: 'ศูนย์การแพทย์อีสาน',
    nameEn: 'Isan Medical Centre',
    kind: CII,
    sector: 'PUBLIC_HEALTH',
    regulator: 'moph',
    mission: 'โรงพยาบาลศูนย์',
    province: 'ขอนแก่น',
    domain: 'isan-medical.example',
  },
  {
    key: 'health-data-exchange',
    nameTh: 'ศูนย์แลกเปลี่ยนข้อมูลสุขภาพแห่งชาติตัวอย่าง',
    nameEn: 'National Health Data Exchange (demo)',
    kind: CII,
    sector: 'PUBLIC_HEALTH',
    regulator: 'moph',
    mission: 'แลกเปลี่ยนเวชระเบียนอิเล็กทรอนิกส์',
    province: 'นนทบุรี',
    domain: 'health-data-exchange.example',
  },
  {
    key: 'defence-comms',
    nameTh: 'ศูนย์สื่อสารความมั่นคงตัวอย่าง',
    nameEn: 'Security Communications Centre (demo)',
    kind: CII,
    sector: 'NATIONAL_SECURITY',
    regulator: 'nsc',
    mission: 'ระบบสื่อสารด้านความมั่นคง',
    province: 'กรุงเทพมหานคร',
    domain: 'defence-comms.example',
  },
  {
    key: 'citizen-id-service',
    nameTh: 'ศูนย์บริการข้อมูลทะเบียนราษฎรตัวอย่าง',
    nameEn: 'Civil Registration Data Service (demo)',
    kind: CII,
    sector: 'PUBLIC_SERVICES',
    regulator: 'dga',
    mission: 'บริการยืนยันตัวตนและทะเบียนราษฎร',
    province: 'กรุงเทพมหานคร',
    domain: 'citizen-id.example',
  },
  {
    key: 'tax-eservice',
    nameTh: 'ระบบบริการภาษีออนไลน์ตัวอย่าง',
    nameEn: 'Online Tax Service (demo)',
    kind: CII,
    sector: 'PUBLIC_SERVICES',
    regulator: 'dga',
    mission: 'ยื่นภาษีออนไลน์',
    province: 'กรุงเทพมหานคร',
    domain: 'tax-eservice.example',
  },
  {
    key: 'provincial-office-cm',
    nameTh: 'ศาลากลางจังหวัดเชียงใหม่ตัวอย่าง',
    nameEn: 'Chiang Mai Provincial Hall (demo)',
    kind: GOV,
    sector: null,
    regulator: null,
    mission: 'การบริหารราชการส่วนภูมิภาค',
    province: 'เชียงใหม่',
    domain: 'cm-province.example',
  },
  {
    key: 'dept-statistics',
    nameTh: 'กรมสถิติตัวอย่าง',
    nameEn: 'Department of Statistics (demo)',
    kind: GOV,
    sector: null,
    regulator: null,
    mission: 'สำรวจและเผยแพร่ข้อมูลสถิติ',
    province: 'กรุงเทพมหานคร',
    domain: 'dept-statistics.example',
  },
  {
    key: 'city-municipality-kk',
    nameTh: 'เทศบาลนครขอนแก่นตัวอย่าง',
    nameEn: 'Khon Kaen City Municipality (demo)',
    kind: GOV,
    sector: null,
    regulator: null,
    mission: 'บริการสาธารณะท้องถิ่น',
    province: 'ขอนแก่น',
    domain: 'kk-city.example',
  },
  {
    key: 'e-procurement',
    nameTh: 'กรมจัดซื้อจัดจ้างภาครัฐตัวอย่าง',
    nameEn: 'Government e-Procurement Department (demo)',
    kind: GOV,
    sector: 'PUBLIC_SERVICES',
    regulator: 'dga',
    mission: 'ระบบจัดซื้อจัดจ้างภาครัฐอิเล็กทรอนิกส์',
    province: 'กรุงเทพมหานคร',
    domain: 'e-procurement.example',
  },
];

/** The organization and regulator the printed demo tokens act for. */
export const DEMO_ORGANIZATION_KEY = 'krungsiam-bank';
export const DEMO_REGULATOR_KEY = 'bot';
