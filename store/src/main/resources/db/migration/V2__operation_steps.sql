-- The steps of an operation as its workflow enters them: when each started and finished, how
-- often it was entered (a retried operation re-enters its failed step), and why it failed.
create table operation_steps (
  operation_id text not null references operations (id),
  step         text not null,
  attempt      integer not null default 1,
  started      timestamptz not null,
  finished     timestamptz,
  error        text,
  primary key (operation_id, step)
);
