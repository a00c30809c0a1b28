-- The mail sender's lease: a send is marked begun (and committed) before the SMTP conversation, so a mail whose
-- outcome was lost with the database is sent once more after the lease, never twice more.
ALTER TABLE mail_outbox ADD COLUMN sending_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE mail_outbox ADD COLUMN unconfirmed_sends INTEGER NOT NULL DEFAULT 0;
