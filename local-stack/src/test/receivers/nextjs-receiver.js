// The Next.js API route of the public documentation, in plain JavaScript and otherwise unchanged,
// served by Node's http module with the two response helpers Next.js adds (status and json).
// Its getRawBody appends each chunk to a string, decoding every network read on its own.
// It also prints one line per request ("<status> <delivery id>") for the tests to read.
const http = require('http');
const crypto = require('crypto');

async function handler(req, res) {
  if (req.method !== 'POST') {
    return res.status(405).json({ error: 'Method not allowed' });
  }

  try {
    const rawBody = await getRawBody(req);
    const signature = req.headers['x-monitorflow-signature'];
    const webhookSecret = process.env.MONITORFLOW_WEBHOOK_SECRET;

    if (!verifyWebhookSignature(rawBody, signature, webhookSecret)) {
      return res.status(401).json({ error: 'Invalid signature' });
    }

    const event = JSON.parse(rawBody);
    return res.status(200).json({ received: true, event: event.event });
  } catch (error) {
    console.error('Webhook error:', error);
    return res.status(400).json({ error: 'Webhook error' });
  }
}

async function getRawBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      resolve(data);
    });
    req.on('error', reject);
  });
}

function verifyWebhookSignature(payload, signature, secret) {
  const hmac = crypto.createHmac('sha256', secret);
  const digest = hmac.update(payload).digest('hex');
  return signature === digest;
}

const server = http.createServer((req, res) => {
  res.status = (code) => {
    res.statusCode = code;
    return res;
  };
  res.json = (body) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
    console.log(`${res.statusCode} ${req.headers['x-monitorflow-delivery']}`);
  };
  handler(req, res);
});

const port = Number(process.env.PORT || 3001);
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${port}`);
});
