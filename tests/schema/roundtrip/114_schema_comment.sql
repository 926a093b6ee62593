-- schema comment
--- a
create schema app;
--- b
create schema app;
comment on schema app is 'the app';
