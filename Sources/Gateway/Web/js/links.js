// Where each kind of AWS item opens in the web UI: its editor page, ConsoleMe's paths
// (`/policies/edit/{account}/{iamrole|iamuser|managed_policy|s3|sqs|sns}/…`).
import { pathOf } from './api.js';

/** The editor path of `arn`, or null for a kind without one. */
export function editorPath(arn) {
  const parts = String(arn).split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  const [, , service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (service === 'iam') {
    if (resource.startsWith('role/')) return `/policies/edit/${account}/iamrole/${pathOf(resource.split('/').pop())}`;
    if (resource.startsWith('user/')) return `/policies/edit/${account}/iamuser/${pathOf(resource.split('/').pop())}`;
    if (resource.startsWith('policy/')) return `/policies/edit/${account}/managed_policy/${pathOf(resource.slice('policy/'.length))}`;
    return null;
  }
  if (service === 's3' && !resource.includes('/')) return `/policies/edit/${account || '_'}/s3/${pathOf(resource)}`;
  if (service === 'sqs' || service === 'sns') return `/policies/edit/${account}/${service}/${region}/${pathOf(resource)}`;
  return null;
}

/** What the editor path `/policies/edit/…` names: {account, kind, region?, name, api} (the inventory path to read). */
export function editorTarget(pathname) {
  const segments = pathname.split('/').filter(Boolean).slice(2).map(decodeURIComponent);
  const [account, kind, ...rest] = segments;
  if (!account || !kind || rest.length === 0) return null;
  switch (kind) {
    case 'iamrole': return { account, kind, name: rest.join('/'), api: `/api/v2/roles/${pathOf(account)}/${pathOf(rest.join('/'))}` };
    case 'iamuser': return { account, kind, name: rest.join('/'), api: `/api/v2/users/${pathOf(account)}/${pathOf(rest.join('/'))}` };
    case 'managed_policy':
    case 's3': return { account, kind, name: rest.join('/'), api: `/api/v2/resources/${pathOf(account)}/${kind}/${rest.map(pathOf).join('/')}` };
    case 'sqs':
    case 'sns': return { account, kind, region: rest[0], name: rest.slice(1).join('/'), api: `/api/v2/resources/${pathOf(account)}/${kind}/${rest.map(pathOf).join('/')}` };
    default: return null;
  }
}
