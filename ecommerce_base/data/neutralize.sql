-- A neutralized (staging) copy never talks to live stores: no syncs, no
-- credentials, no pending connector jobs.
UPDATE ecommerce_account
   SET state = 'draft',
       state_message = 'Neutralized database: reconnect with test credentials',
       api_key = NULL, api_secret = NULL, access_token = NULL,
       refresh_token = NULL, webhook_secret = NULL;
UPDATE queue_job
   SET state = 'cancelled'
 WHERE state IN ('pending', 'enqueued', 'wait_dependencies')
   AND channel LIKE 'root.ecommerce%';
