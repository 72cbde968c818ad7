-- The instance a replica follows (Trove's slave_of_id); null for a standalone or a source.
alter table instances add column replica_of uuid;
create index instances_replica_of on instances (replica_of) where replica_of is not null and not deleted;

-- A replica set whose source opted into automatic failover (beyond Trove): the failover monitor
-- ejects its source once its heartbeat stays expired past a grace, and its replication is
-- synchronous (a commit waits for one replica), so a failover loses no acknowledged write.
alter table instances add column auto_failover boolean not null default false;
