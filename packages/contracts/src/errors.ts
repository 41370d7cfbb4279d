/** @module The wire error body every failure is rendered in (ErrorMessage in the reference API). */
import { z } from 'zod'

export const ErrorValidationItem = z
  .object({
    itemId: z.string().nullable().optional(),
    message: z.string().nullable().optional(),
    validatorName: z.string().nullable().optional(),
  })
  .meta({ id: 'ErrorValidationItem' })

export const ErrorValidation = z
  .object({
    errors: z.array(ErrorValidationItem).nullable().optional(),
    warnings: z.array(ErrorValidationItem).nullable().optional(),
  })
  .meta({ id: 'ErrorValidation' })

export const ErrorMessage = z
  .object({
    statusCode: z.int(),
    service: z.string(),
    error: z.string(),
    correlationId: z.string(),
    validation: ErrorValidation.nullable().optional(),
    canBeRetried: z.string().optional(),
    detailedErrorCode: z.int().optional(),
  })
  .meta({ id: 'ErrorMessage', description: 'The body of every error response.' })
export type ErrorMessage = z.infer<typeof ErrorMessage>
