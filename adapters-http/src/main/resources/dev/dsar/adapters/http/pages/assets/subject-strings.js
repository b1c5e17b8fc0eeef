// Every text of the data subject's page: translating the page is translating this file.
const plural = (count, one, many) => (count === 1 ? one : many).replace('{n}', String(count));

export const strings = {
  locale: 'en',
  documentTitle: 'Your personal data',
  noscript: 'This page needs JavaScript.',
  heading: 'Your personal data',
  intro: 'Request a copy of the personal data we hold about you (GDPR Art. 15). We prepare it as a ZIP file '
    + 'that you can download for a limited time.',
  requestButton: 'Request my data',
  refreshButton: 'Refresh',
  listHeading: 'Your requests',
  empty: 'You have not requested your data yet.',
  loading: 'Loading your requests…',
  reference: 'Reference',
  requestedAt: 'Requested',
  readyAt: 'Ready',
  size: 'Size',
  availableUntil: 'Available until',
  status: {
    pending: 'Waiting to start',
    processing: 'Being prepared',
    completed: 'Ready to download',
    failed: 'Failed',
    expired: 'Expired',
  },
  countdown: (left) => {
    if (left.unit === 'day') {
      return plural(left.count, 'available for {n} more day', 'available for {n} more days');
    }
    if (left.unit === 'hour') {
      return plural(left.count, 'available for {n} more hour', 'available for {n} more hours');
    }
    return plural(left.count, 'available for {n} more minute', 'available for {n} more minutes');
  },
  inProgressNote: 'We are preparing your data. This page updates by itself; you can also come back later.',
  download: 'Download',
  downloadStarting: 'Your download has started.',
  expiredMessage: 'The export file has expired and been deleted for security reasons. Please generate a new export.',
  generateNew: 'Generate a new export',
  failedMessage: 'We could not prepare this export. The problem is on our side and none of your data was lost. '
    + 'Please try again; if it fails again, contact us and quote the reference.',
  retry: 'Try again',
  requested: 'Your request has been recorded. We are preparing your data.',
  alreadyInProgress: 'You already have a request in progress; it is shown below.',
  statusChanged: (reference, status) => `Request ${reference}: ${status}.`,
  notFound: 'This export could not be found. It may have been removed or belong to another account.',
  notReady: 'This export is not ready yet.',
  noToken: 'This page needs a sign-in link. Please open it again from the application that sent you here.',
  sessionExpired: 'Your session has expired. Please open this page again from the application to continue.',
  forbidden: 'Your sign-in does not allow this action.',
  unavailable: 'The service cannot be reached right now. This page will try again by itself.',
  failedCall: 'Something went wrong. Please try again in a moment.',
};
