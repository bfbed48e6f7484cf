import { randomBytes } from 'node:crypto';

/** A survey token: 128 random bits, URL-safe (22 characters). */
export function newSurveyToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The shape a token has; anything else is unknown without a database look-up. */
export const SURVEY_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The public page of a survey.
 *
 * @example surveyUrl('https://kefu.example.com/', 'AbC…') // 'https://kefu.example.com/survey/AbC…'
 */
export function surveyUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/survey/${token}`;
}
