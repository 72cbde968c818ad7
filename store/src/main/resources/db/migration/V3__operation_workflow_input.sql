-- The workflow input of an operation, encrypted with the deployment's payload key (it carries
-- passwords), so a reconciler can start a committed operation whose API process died before
-- starting it.
alter table operations add column workflow_input bytea;
