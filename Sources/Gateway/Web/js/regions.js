// The AWS regions a console sign-in may land in (commercial partition), and the one a person
// chose last (remembered in this browser only).
export const regions = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1',
  'ap-east-1', 'me-south-1', 'af-south-1',
];

const key = 'portico.consoleRegion';

export function preferredRegion() {
  try {
    const stored = window.localStorage.getItem(key);
    if (stored && regions.includes(stored)) return stored;
  } catch (_) { /* storage disabled: the default */ }
  return 'us-east-1';
}

export function rememberRegion(region) {
  try { window.localStorage.setItem(key, region); } catch (_) { /* storage disabled */ }
}
