-- servers: 15 16 18
-- rules that differ: definition replaced in place, enabled state (replica, always), comment changed and removed, one dropped
--- a
create table events (id int primary key, kind text);
insert into events values (1, 'a');
create table events_log (id int, kind text);
create rule events_copy as on insert to events do also insert into events_log values (new.id, new.kind);
create rule events_no_delete as on delete to events do instead nothing;
create rule events_no_update as on update to events do instead nothing;
create rule events_gone as on insert to events_log where new.kind = 'x' do instead nothing;
comment on rule events_copy on events is 'old note';
comment on rule events_no_delete on events is 'kept?';
--- b
create table events (id int primary key, kind text);
insert into events values (1, 'a');
create table events_log (id int, kind text);
create rule events_copy as on insert to events do also insert into events_log values (new.id, upper(new.kind));
create rule events_no_delete as on delete to events do instead nothing;
create rule events_no_update as on update to events do instead nothing;
alter table events enable replica rule events_no_delete;
alter table events enable always rule events_no_update;
comment on rule events_copy on events is 'new note';
