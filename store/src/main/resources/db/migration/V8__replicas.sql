-- The instance a replica follows (Trove's slave_of_id); null for a standalone or a source.
alter table instances add column replica_of uuid;
create index instances_replica_of on instances (replica_of) where replica_of is not null and not deleted;
