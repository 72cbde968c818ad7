-- What a step measured or decided, for operators (an eject's chosen replica and its data-loss
-- window, say); null for most steps.
alter table operation_steps add column detail text;
