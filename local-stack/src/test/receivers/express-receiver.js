// The Express receiver of the public documentation, in plain JavaScript and otherwise unchanged:
// express.json() keeps the raw body as a string and the signature is checked over it. Like the
// documented one, it keeps express.json()'s default body limit of 100 kB.
// It also prints one line per request ("<status> <delivery id>") for the tests to read.
const express = require('express');
const crypto = require('crypto');

const app = express();
const webhookSecret = process.env.MONITORFLOW_WEBHOOK_SECRET;

app.use(express.json({
  verify: (req, res, buf) => {
    req.rawBody = buf.toString();
  }
}));

app.post('/webhook', (req, res) => {
  const signature = req.headers['x-monitorflow-signature'];
  const delivery = req.headers['x-monitorflow-delivery'];

  if (!verifyWebhookSignature(req.rawBody, signature, webhookSecret)) {
    console.log(`401 ${delivery}`);
    return res.status(401).send('Invalid signature');
  }

  const event = req.body;
  console.log(`200 ${delivery} ${event.event}`);
  res.status(200).send('Webhook received');
});

function verifyWebhookSignature(payload, signature, secret) {
  const hmac = crypto.createHmac('sha256', secret);
  const digest = hmac.update(payload).digest('hex');
  return signature === digest;
}

const port = Number(process.env.PORT || 3000);
app.listen(port, '127.0.0.1', () => {
  console.log(`listening ${port}`);
});
