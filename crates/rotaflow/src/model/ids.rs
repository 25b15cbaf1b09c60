//! Typed indices. Inside the core every entity is referred to by a dense `u32` index; the
//! external string codes used in files exist only in the model's entities and in formats.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// Builds the id from a position in the scenario's list.
            ///
            /// # Panics
            /// When `index` does not fit in a `u32` (more than four billion entities).
            #[inline]
            pub fn new(index: usize) -> Self {
                Self(u32::try_from(index).expect("index fits in u32"))
            }

            /// The position of the entity in the scenario's list.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of a staff member in [`Scenario::staff`](crate::Scenario::staff).
    StaffId
);
id_type!(
    /// Index of a shift type in [`Scenario::shifts`](crate::Scenario::shifts).
    ShiftId
);
id_type!(
    /// Index of a role in [`Scenario::roles`](crate::Scenario::roles).
    RoleId
);
id_type!(
    /// Index of a contract in [`Scenario::contracts`](crate::Scenario::contracts).
    ContractId
);
id_type!(
    /// Index of a shift group in [`Scenario::groups`](crate::Scenario::groups).
    GroupId
);
