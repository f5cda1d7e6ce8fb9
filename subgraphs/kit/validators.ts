import { IsDefined, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';

function validator(name: string, message: string, test: (value: unknown) => boolean, options?: ValidationOptions) {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
  };
}

/**
 * For partial updates: the field may be left out (unchanged), but when given it is validated,
 * so `null` cannot clear a required value. Use class-validator's `IsOptional` where null clears.
 */
export const Omittable =
  () =>
  (target: object, propertyName: string | symbol): void => {
    ValidateIf((_object: unknown, value: unknown) => value !== undefined)(target, propertyName);
    // Argument validation skips null values (skipMissingProperties) unless a rule insists on them.
    IsDefined({ message: '$property may be left out, but not null' })(target, propertyName);
  };

/** Text that is more than whitespace. */
export const NotBlank = (options?: ValidationOptions) =>
  validator('notBlank', '$property must not be blank', (v) => typeof v === 'string' && v.trim().length > 0, options);

/** Contains Thai script, for names the forms ask for in Thai. */
export const ContainsThai = (options?: ValidationOptions) =>
  validator('containsThai', '$property must be written in Thai', (v) => typeof v === 'string' && /[\u0E00-\u0E7F]/.test(v), options);

/** A dialable Thai telephone number (landline or mobile), e.g. 02 123 4567 or +66 2 123 4567. */
export const IsThaiPhoneNumber = (options?: ValidationOptions) =>
  validator(
    'isThaiPhoneNumber',
    '$property must be a Thai telephone number, e.g. 02 123 4567',
    (v) => typeof v === 'string' && isValidPhoneNumber(v, 'TH') && parsePhoneNumberFromString(v, 'TH')?.country === 'TH',
    options,
  );

/** A Thai mobile number, e.g. 081 234 5678 or +66 81 234 5678. */
export const IsThaiMobileNumber = (options?: ValidationOptions) =>
  validator(
    'isThaiMobileNumber',
    '$property must be a Thai mobile number, e.g. 081 234 5678',
    (v) => {
      if (typeof v !== 'string') return false;
      const parsed = parsePhoneNumberFromString(v, 'TH');
      return parsed?.country === 'TH' && parsed.isValid() && parsed.getType() === 'MOBILE';
    },
    options,
  );

/** Normalises a validated Thai number to E.164 (+66…), the one form stored and shown. */
export function toE164(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone, 'TH');
  if (!parsed) throw new Error(`not a phone number: ${phone}`);
  return parsed.number;
}
