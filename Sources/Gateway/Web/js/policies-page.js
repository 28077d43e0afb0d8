// The policies table (`/policies`): the cache's inventory, filtered, sorted and paged by the
// server (POST /api/v2/policies), each row linking to its editor; CSV of every matching row.
// The time to the first page (Performance API) is kept on the page for the tests.
import { el, element, showError } from './dom.js';
import { editorPath } from './links.js';
import { RemoteTable } from './remote-table.js';
import { startPage } from './shell.js';

const technologyLabels = {
  'AWS::IAM::Role': 'IAM role', 'AWS::IAM::User': 'IAM user', managed_policy: 'Managed policy',
  'AWS::S3::Bucket': 'S3 bucket', 'AWS::SQS::Queue': 'SQS queue', 'AWS::SNS::Topic': 'SNS topic',
};

const columns = [
  { key: 'account_name', label: 'Account', cell: (row) => el('span', {}, row.account_name || row.account_id, el('span', { class: 'arn', text: row.account_id })) },
  { key: 'account_id', label: 'Account ID', hint: '^1111' },
  { key: 'technology', label: 'Type', hint: 'role, s3…', cell: (row) => technologyLabels[row.technology] || row.technology },
  { key: 'arn', label: 'ARN', cell: (row) => {
    const path = editorPath(row.arn);
    return path ? el('a', { href: path, class: 'mono', text: row.arn }) : el('span', { class: 'mono', text: row.arn });
  } },
];

startPage('policies', async () => {
  let first = true;
  const table = new RemoteTable(element('policies'), columns, {
    endpoint: '/api/v2/policies', pageSize: 50, csvName: 'portico-policies.csv', caption: 'Policies',
    onError: showError,
    onPage: () => {
      if (!first) return;
      first = false;
      // From navigation start to the first page drawn.
      document.body.dataset.firstPageMs = String(Math.round(performance.now()));
    },
  });
  await table.load();
});
