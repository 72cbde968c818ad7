-- Operations asked for at a chosen time (apply_at): SCHEDULED until then, holding no instance task.
alter table operations add column scheduled_for timestamptz;

-- An instance's weekly maintenance window, "ddd:hh:mm-ddd:hh:mm" in UTC (RDS's form), for
-- operations asked for at "next_window".
alter table instances add column maintenance_window text;
