package hu.autoinvoice.local;
