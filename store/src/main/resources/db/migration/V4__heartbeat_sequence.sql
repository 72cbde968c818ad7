-- Heartbeats carry a per-guest-process sequence number that grows only when the broker confirmed
-- the previous beat. A jump in it means confirmed beats were lost between broker and database.
alter table service_statuses
  add column last_seq bigint,
  add column heartbeats bigint not null default 0,
  add column missed_heartbeats bigint not null default 0;
