import {
  ClarificationInput,
  ReasonRequest,
  RequestIdParams,
  RequestMessage,
  RequestMessageInput,
  RequestMessageList,
  ReviewQueueQuery,
  ServiceRequestDetail,
  ServiceRequestInput,
  ServiceRequestList,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { userOf } from '../identity/caller';
import {
  createRequest,
  postRequestMessage,
  readOrganisationRequest,
  readOrganisationRequestMessages,
  readOrganisationRequests,
  submitRequest,
  updateRequestDraft,
  withdrawRequest,
} from './requests.service';
import {
  readRequestForStaff,
  readReviewQueue,
  rejectRequest,
  requestClarification,
  startReview,
} from './requests-review.service';

const security = [{ sessionCookie: [] }];

/** Service requests (DOMAIN §3 steps 1–2): organisations ask for data, PMLP reviews within 30 working days. */
export function registerRequestRoutes(app: FastifyTypebox, ctx: AppContext): void {
  registerOrganisationSide(app, ctx);
  registerPmlpSide(app, ctx);
}

function registerOrganisationSide(app: FastifyTypebox, ctx: AppContext): void {
  const tags = ['Service requests'];
  const contactPerson = userAuthentication(ctx, ['contactPerson']);
  const byId = '/api/v1/org/requests/:requestId';
  app.post(
    '/api/v1/org/requests',
    {
      schema: {
        tags,
        summary: 'Create a draft request',
        description:
          'A motivated request: per scope its legal basis and purpose, the channels, environments, ' +
          'expected system users, monitoring and contact persons. Nothing is owed until it is submitted.',
        security,
        body: ServiceRequestInput,
        response: { 201: ServiceRequestDetail },
      },
      onRequest: contactPerson,
    },
    async (request, reply) => reply.code(201).send(await createRequest(ctx, userOf(request), request.body)),
  );
  app.get(
    '/api/v1/org/requests',
    {
      schema: {
        tags,
        summary: 'List my organisation’s requests',
        description: 'Newest first, with the deadline and the working days left.',
        security,
        response: { 200: ServiceRequestList },
      },
      onRequest: contactPerson,
    },
    async (request) => ({ requests: await readOrganisationRequests(ctx, userOf(request)) }),
  );
  app.get(
    byId,
    {
      schema: {
        tags,
        summary: 'Read a request',
        description: 'One request of the caller’s organisation with its status history and messages.',
        security,
        params: RequestIdParams,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: contactPerson,
    },
    async (request) => readOrganisationRequest(ctx, userOf(request), request.params.requestId),
  );
  app.put(
    byId,
    {
      schema: {
        tags,
        summary: 'Change a draft request',
        description: 'Replaces the whole text of a draft; a submitted request is fixed (409).',
        security,
        params: RequestIdParams,
        body: ServiceRequestInput,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: contactPerson,
    },
    async (request) => updateRequestDraft(ctx, userOf(request), request.params.requestId, request.body),
  );
  app.post(
    `${byId}/submit`,
    {
      schema: {
        tags,
        summary: 'Submit a draft request',
        description: 'Starts the 30-working-day deadline, counted from the submission date in Latvia.',
        security,
        params: RequestIdParams,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: contactPerson,
    },
    async (request) => submitRequest(ctx, userOf(request), request.params.requestId),
  );
  app.post(
    `${byId}/withdraw`,
    {
      schema: {
        tags,
        summary: 'Withdraw a request',
        description: 'Ends the request at the organisation’s wish, with the reason recorded.',
        security,
        params: RequestIdParams,
        body: ReasonRequest,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: contactPerson,
    },
    async (request) => withdrawRequest(ctx, userOf(request), request.params.requestId, request.body),
  );
  app.post(
    `${byId}/messages`,
    {
      schema: {
        tags,
        summary: 'Write a message',
        description:
          'Answers a pending clarification request (the request returns to review and the deadline moves ' +
          'by the working days spent waiting); otherwise a note. Closed requests take no messages.',
        security,
        params: RequestIdParams,
        body: RequestMessageInput,
        response: { 201: RequestMessage },
      },
      onRequest: contactPerson,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await postRequestMessage(ctx, userOf(request), request.params.requestId, request.body)),
  );
  app.get(
    `${byId}/messages`,
    {
      schema: {
        tags,
        summary: 'Read the messages of a request',
        description: 'Clarification requests, answers and notes, oldest first.',
        security,
        params: RequestIdParams,
        response: { 200: RequestMessageList },
      },
      onRequest: contactPerson,
    },
    async (request) => ({
      messages: await readOrganisationRequestMessages(ctx, userOf(request), request.params.requestId),
    }),
  );
}

function registerPmlpSide(app: FastifyTypebox, ctx: AppContext): void {
  const tags = ['Service requests (PMLP)'];
  const reviewer = userAuthentication(ctx, ['administrator', 'reviewer']);
  const byId = '/api/v1/admin/requests/:requestId';
  app.get(
    '/api/v1/admin/requests',
    {
      schema: {
        tags,
        summary: 'The review queue',
        description:
          'Submitted requests: those PMLP owes an answer first, overdue ones at the top, then by working ' +
          'days left; closed ones after, most recently changed first.',
        security,
        querystring: ReviewQueueQuery,
        response: { 200: ServiceRequestList },
      },
      onRequest: reviewer,
    },
    async (request) => ({ requests: await readReviewQueue(ctx, request.query) }),
  );
  app.get(
    byId,
    {
      schema: {
        tags,
        summary: 'Read a submitted request',
        description: 'With its status history and messages; drafts are not visible to PMLP.',
        security,
        params: RequestIdParams,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: reviewer,
    },
    async (request) => readRequestForStaff(ctx, request.params.requestId),
  );
  app.post(
    `${byId}/review`,
    {
      schema: {
        tags,
        summary: 'Start the review',
        description: 'submitted → in_review.',
        security,
        params: RequestIdParams,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: reviewer,
    },
    async (request) => startReview(ctx, userOf(request), request.params.requestId),
  );
  app.post(
    `${byId}/clarification`,
    {
      schema: {
        tags,
        summary: 'Ask for a clarification',
        description:
          'in_review → clarification_requested with a message to the organisation; the deadline clock ' +
          'stops until the organisation answers.',
        security,
        params: RequestIdParams,
        body: ClarificationInput,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: reviewer,
    },
    async (request) => requestClarification(ctx, userOf(request), request.params.requestId, request.body),
  );
  app.post(
    `${byId}/reject`,
    {
      schema: {
        tags,
        summary: 'Reject a request',
        description: 'Refuses a request PMLP still owes an answer, with the reason recorded.',
        security,
        params: RequestIdParams,
        body: ReasonRequest,
        response: { 200: ServiceRequestDetail },
      },
      onRequest: reviewer,
    },
    async (request) => rejectRequest(ctx, userOf(request), request.params.requestId, request.body),
  );
}
