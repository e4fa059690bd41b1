// Admin consent read from Graph's documented examples: application-get.md's Example 2 requests four delegated
// permissions of Microsoft Graph (resourceAppId 00000003-…) by id; serviceprincipal-get.md's Example 2 is Microsoft
// Graph's service principal (id 7408235b-…), whose example lists one permission, `profile` (14dad69e-…). Per
// oauth2permissiongrant.md a tenant-wide consent is a grant with consentType AllPrincipals on that resource
// whose `scope` names the permission's value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentFact } from '../../../electron/engine/admin/admin-consent';
import {
  ApplicationSchema,
  GrantsPageSchema,
  ServicePrincipalSchema,
} from '../../../electron/engine/admin/azure-shapes';
import { exampleText } from './azure-examples';

const APP = ApplicationSchema.parse(JSON.parse(exampleText('graph/application-get-example-2.json')));
const GRAPH_SP = ServicePrincipalSchema.parse(JSON.parse(exampleText('graph/serviceprincipal-get-example-2.json')));
const RESOURCES = new Map([[GRAPH_SP.appId, GRAPH_SP]]);

test("Graph's list example (placeholder values) parses as a page of grants", () => {
  const page = GrantsPageSchema.parse(
    JSON.parse(exampleText('graph/serviceprincipal-list-oauth2permissiongrants.json')),
  );
  assert.equal(page.value[0]?.consentType, 'consentType-value');
});

test('with no tenant-wide grant, every requested permission is missing (named by id where the example names none)', () => {
  const fact = consentFact({
    clientId: APP.appId,
    application: APP,
    resources: RESOURCES,
    grants: [],
    roleAssignments: new Set(),
  });
  assert.deepEqual(fact.granted, []);
  assert.deepEqual(fact.missing, [
    'Microsoft Graph: ad902697-1014-4ef5-81ef-2b4301988e8c',
    'Microsoft Graph: 572fea84-0151-49b2-9301-11cb16974376',
    'Microsoft Graph: e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    'Microsoft Graph: 7e823077-d88e-468f-a337-e18f1f0e6c7c',
  ]);
});

test('an AllPrincipals grant on the resource covers a permission by its value; a per-user grant does not', () => {
  const asked = {
    ...APP,
    requiredResourceAccess: [
      {
        resourceAppId: GRAPH_SP.appId,
        resourceAccess: [{ id: '14dad69e-099b-42c9-810b-d002981feec1', type: 'Scope' }],
      },
    ],
  };
  const grant = {
    clientId: 'sp',
    consentType: 'AllPrincipals',
    principalId: null,
    resourceId: GRAPH_SP.id,
    scope: 'profile',
  };
  const all = consentFact({
    clientId: APP.appId,
    application: asked,
    resources: RESOURCES,
    grants: [grant],
    roleAssignments: new Set(),
  });
  assert.deepEqual(all, {
    kind: 'admin-consent',
    clientId: APP.appId,
    missing: [],
    granted: ['Microsoft Graph: profile'],
  });
  const perUser = { ...grant, consentType: 'Principal', principalId: 'someone' };
  const one = consentFact({
    clientId: APP.appId,
    application: asked,
    resources: RESOURCES,
    grants: [perUser],
    roleAssignments: new Set(),
  });
  assert.deepEqual(one.missing, ['Microsoft Graph: profile']);
});

test('an application permission (Role) is granted by an appRoleAssignment on the resource', () => {
  const asked = {
    ...APP,
    requiredResourceAccess: [
      { resourceAppId: GRAPH_SP.appId, resourceAccess: [{ id: '6e0a958b-b7fc-4348-b7c4-a6ab9fd3dd0e', type: 'Role' }] },
    ],
  };
  const granted = consentFact({
    clientId: APP.appId,
    application: asked,
    resources: RESOURCES,
    grants: [],
    roleAssignments: new Set([`${GRAPH_SP.id} 6e0a958b-b7fc-4348-b7c4-a6ab9fd3dd0e`]),
  });
  assert.deepEqual(granted.granted, ['Microsoft Graph: EduAssignments.ReadBasic.All (application)']);
});
